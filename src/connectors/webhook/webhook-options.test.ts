// Tests of the webhook sink's options: url, formats, template, headers, rate limit, timeout, secret.
import { describe, expect, it } from 'vitest';
import { columns } from '../source-spec.test-support.js';
import { sinkSpec } from '../sink-spec.test-support.js';
import { webhookSettings } from './webhook-options.js';

const cols = columns(['seller_id', 'varchar']);
const settings = (options: Record<string, string>) => webhookSettings(sinkSpec(cols, { options: { connector: 'webhook', ...options } }));

describe('webhookSettings', () => {
  it('defaults to JSON bodies, no rate limit and a 10 s timeout', () => {
    const read = settings({ url: 'https://alerts.example.com/hook?token=abc' });
    expect(read.url.href).toBe('https://alerts.example.com/hook?token=abc');
    expect(read).toMatchObject({ format: 'json', template: undefined, rateLimitPerMinute: undefined, timeoutMs: 10_000, secret: undefined });
    expect([...read.headers]).toEqual([]);
  });

  it("limits DingTalk and WeChat Work to their robots' 20 messages a minute unless rate_limit says otherwise", () => {
    expect(settings({ url: 'https://oapi.dingtalk.com/robot/send', format: 'DingTalk' }).rateLimitPerMinute).toBe(20);
    expect(settings({ url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send', format: 'wechat' }).rateLimitPerMinute).toBe(20);
    expect(settings({ url: 'https://hooks.slack.com/services/x', format: 'slack', rate_limit: '6', timeout_ms: '2500' })).toMatchObject({ rateLimitPerMinute: 6, timeoutMs: 2500 });
  });

  it('collects headers.<name> options', () => {
    const read = settings({ url: 'http://127.0.0.1:1/', 'headers.authorization': 'Bearer t', 'headers.x-team': 'ops' });
    expect([...read.headers]).toEqual([['authorization', 'Bearer t'], ['x-team', 'ops']]);
    expect(() => settings({ url: 'http://127.0.0.1:1/', 'headers.x-bad': 'a\r\nb: c' })).toThrow('invalid value for option "headers.x-bad"');
  });

  it('names the missing or bad option', () => {
    expect(() => settings({})).toThrow('missing option "url" for connector "webhook"');
    expect(() => settings({ url: 'alerts.example.com' })).toThrow('invalid value for option "url": "alerts.example.com"');
    expect(() => settings({ url: 'ftp://alerts.example.com/' })).toThrow('invalid value for option "url"');
    expect(() => settings({ url: 'http://h/', format: 'teams' })).toThrow('invalid value for option "format": "teams"');
    expect(() => settings({ url: 'http://h/', format: 'template' })).toThrow('missing option "template" for webhook format "template"');
    expect(() => settings({ url: 'http://h/', rate_limit: '0' })).toThrow('invalid value for option "rate_limit": "0"');
    expect(() => settings({ url: 'http://h/', timeout_ms: '1.5' })).toThrow('invalid value for option "timeout_ms": "1.5"');
    expect(() => settings({ url: 'http://h/', secret: 'SEC1' })).toThrow('option "secret" applies only to webhook format "dingtalk"');
  });
});
