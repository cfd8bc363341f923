// Tests of webhook bodies: JSON, chat formats, templates and their placeholders.
import { describe, expect, it } from 'vitest';
import type { SinkChange } from '../../stream/sink.js';
import { Numeric } from '../../types/numeric.js';
import { parseValue } from '../../types/text-format.js';
import type { Row } from '../../types/value.js';
import { columns } from '../source-spec.test-support.js';
import { sinkSpec } from '../sink-spec.test-support.js';
import { notificationsOf } from '../alert/alert-notification.js';
import { webhookSettings } from './webhook-options.js';
import { payloadOf } from './webhook-payload.js';

const cols = columns(['seller_id', 'varchar'], ['sla_compliance_rate', 'numeric'], ['shipped', 'int8'], ['late', 'boolean'], ['since', 'timestamptz']);
const row = (seller: string, rate: string, shipped: bigint, late: boolean | null): Row => [seller, Numeric.parse(rate), shipped, late, parseValue('timestamptz', '2026-11-21 08:00:00+00')];
const a1 = row('s1', '0.93', 100n, true);
const a2 = row('s1', '0.91', 110n, null);
const firing: SinkChange = { before: null, after: a1 };
const updated: SinkChange = { before: a1, after: a2 };
const resolved: SinkChange = { before: a2, after: null };

function render(options: Record<string, string>, change: SinkChange, name = 'sla_alerts'): string {
  const spec = sinkSpec(cols, { name, options: { url: 'http://127.0.0.1:1/', ...options }, type: 'upsert', primaryKey: ['seller_id'] });
  return payloadOf(spec, webhookSettings(spec))(notificationsOf(spec)(change));
}

describe('webhook bodies', () => {
  it('JSON: id, sink, event, key, row and the previous row of an update, values exact', () => {
    const body = JSON.parse(render({}, updated));
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      sink: 'sla_alerts',
      event: 'updated',
      key: { seller_id: 's1' },
      row: { seller_id: 's1', sla_compliance_rate: '0.91', shipped: 110, late: null, since: '2026-11-21T08:00:00.000000Z' },
      previous: { seller_id: 's1', sla_compliance_rate: '0.93', shipped: 100, late: true, since: '2026-11-21T08:00:00.000000Z' },
    });
    expect(JSON.parse(render({}, resolved))).toMatchObject({ event: 'resolved', row: { sla_compliance_rate: '0.91' } });
    expect(JSON.parse(render({}, resolved))).not.toHaveProperty('previous');
  });

  it('Slack, DingTalk and WeChat Work: their text message shapes around [EVENT] sink: column=value', () => {
    const text = '[FIRING] sla_alerts: seller_id=s1, sla_compliance_rate=0.93, shipped=100, late=t, since=2026-11-21 08:00:00+00';
    expect(JSON.parse(render({ format: 'slack' }, firing))).toEqual({ text });
    expect(JSON.parse(render({ format: 'dingtalk' }, firing))).toEqual({ msgtype: 'text', text: { content: text } });
    expect(JSON.parse(render({ format: 'wechat' }, firing))).toEqual({ msgtype: 'text', text: { content: text } });
    expect(JSON.parse(render({ format: 'slack' }, updated)).text).toBe('[UPDATED] sla_alerts: seller_id=s1, sla_compliance_rate=0.91, shipped=110, late=NULL, since=2026-11-21 08:00:00+00');
  });

  it('chat formats take the template as the text, values as PostgreSQL text', () => {
    const template = 'Seller {{seller_id}} SLA {{ sla_compliance_rate }} is {{event}} ("{{sink}}", late={{late}})';
    expect(JSON.parse(render({ format: 'dingtalk', template }, updated)).text.content).toBe('Seller s1 SLA 0.91 is updated ("sla_alerts", late=NULL)');
  });

  it('format template: placeholders filled for a JSON body (strings unquoted inside quotes, numbers and booleans bare)', () => {
    const template = '{"alert": "{{seller_id}}", "rate": {{sla_compliance_rate}}, "shipped": {{shipped}}, "late": {{late}}, "state": "{{event}}", "id": "{{notification_id}}", "row": {{row}}, "sink": "{{sink}}"}';
    const body = JSON.parse(render({ format: 'template', template }, firing, 'sla "alerts"'));
    expect(body).toMatchObject({ alert: 's1', rate: 0.93, shipped: 100, late: true, state: 'firing', sink: 'sla "alerts"', row: { seller_id: 's1', shipped: 100 } });
    expect(body.id).toMatch(/^[0-9a-f]{32}$/);
    const tricky = render({ format: 'template', template: '{"s": "{{seller_id}}", "late": {{late}}}' }, { before: null, after: row('a"b\\c\n', '1', 1n, null) });
    expect(JSON.parse(tricky)).toEqual({ s: 'a"b\\c\n', late: null });
  });

  it('rejects a placeholder that names nothing, and a template with format json', () => {
    expect(() => render({ format: 'template', template: '{"x": "{{seller}}"}' }, firing)).toThrow('template placeholder "{{seller}}" names no column of sink "sla_alerts"');
    expect(() => render({ template: '{{seller_id}}' }, firing)).toThrow('option "template" does not apply to webhook format "json"');
  });
});
