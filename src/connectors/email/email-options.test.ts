// Tests of the email sink's options: server, port and TLS defaults, login, addresses, templates, limits, errors.
import { describe, expect, it } from 'vitest';
import { SqlError } from '../../types/error.js';
import { columns } from '../source-spec.test-support.js';
import { sinkSpec } from '../sink-spec.test-support.js';
import { emailSettings } from './email-options.js';

const cols = columns(['seller_id', 'varchar']);
const base = { 'smtp.host': 'smtp.example.com', from: 'alerts@example.com', to: 'oncall@example.com' };
const settings = (options: Record<string, string>) => emailSettings(sinkSpec(cols, { options: { connector: 'email', ...options } }));

describe('emailSettings', () => {
  it('defaults to the submission port with STARTTLS when offered, a verified certificate, no login and a 30 s timeout', () => {
    expect(settings(base)).toEqual({
      host: 'smtp.example.com',
      port: 587,
      tls: 'starttls-auto',
      verifyCertificate: true,
      login: undefined,
      from: { name: '', address: 'alerts@example.com' },
      to: [{ name: '', address: 'oncall@example.com' }],
      subject: undefined,
      body: undefined,
      rateLimitPerMinute: undefined,
      timeoutMs: 30_000,
    });
  });

  it('uses TLS from the start on port 465, or with smtp.secure on port 465 by default', () => {
    expect(settings({ ...base, 'smtp.port': '465' })).toMatchObject({ port: 465, tls: 'implicit' });
    expect(settings({ ...base, 'smtp.secure': 'true' })).toMatchObject({ port: 465, tls: 'implicit' });
    expect(settings({ ...base, 'smtp.secure': 'TRUE', 'smtp.port': '2465' })).toMatchObject({ port: 2465, tls: 'implicit' });
    expect(settings({ ...base, 'smtp.secure': 'false', 'smtp.port': '465' })).toMatchObject({ port: 465, tls: 'starttls-auto' });
    expect(settings({ ...base, 'smtp.port': '25', 'smtp.starttls': 'required' })).toMatchObject({ port: 25, tls: 'starttls-required' });
    expect(settings({ ...base, 'smtp.starttls': 'Disabled', 'smtp.tls.verify': 'false' })).toMatchObject({ tls: 'none', verifyCertificate: false });
  });

  it('reads the login, the sender and the recipients with their names', () => {
    const read = settings({
      ...base,
      'smtp.user': 'alerts',
      'smtp.password': ' p@ss word ',
      from: 'Tally alerts <alerts@example.com>',
      to: '"Ops, EU" <ops@example.com>, oncall@example.com;sre@example.com',
      subject: '{{event}} {{seller_id}}',
      body: 'Seller {{seller_id}}',
      rate_limit: '12',
      timeout_ms: '5000',
    });
    expect(read.login).toEqual({ user: 'alerts', password: ' p@ss word ' });
    expect(read.from).toEqual({ name: 'Tally alerts', address: 'alerts@example.com' });
    expect(read.to).toEqual([
      { name: 'Ops, EU', address: 'ops@example.com' },
      { name: '', address: 'oncall@example.com' },
      { name: '', address: 'sre@example.com' },
    ]);
    expect(read).toMatchObject({ subject: '{{event}} {{seller_id}}', body: 'Seller {{seller_id}}', rateLimitPerMinute: 12, timeoutMs: 5000 });
  });

  it('names the missing or bad option', () => {
    expect(() => settings({ from: 'a@b.c', to: 'c@d.e' })).toThrow('missing option "smtp.host" for connector "email"');
    expect(() => settings({ ...base, from: ' ' })).toThrow('missing option "from" for connector "email"');
    expect(() => settings({ 'smtp.host': 'h', from: 'a@b.c' })).toThrow('missing option "to" for connector "email"');
    expect(() => settings({ ...base, 'smtp.host': 'smtp://mail.example.com' })).toThrow('invalid value for option "smtp.host": "smtp://mail.example.com"');
    expect(() => settings({ ...base, 'smtp.port': '70000' })).toThrow('invalid value for option "smtp.port": "70000"');
    expect(() => settings({ ...base, 'smtp.port': 'smtp' })).toThrow('invalid value for option "smtp.port": "smtp"');
    expect(() => settings({ ...base, 'smtp.secure': 'yes' })).toThrow('invalid value for option "smtp.secure": "yes"');
    expect(() => settings({ ...base, 'smtp.starttls': 'maybe' })).toThrow('invalid value for option "smtp.starttls": "maybe"');
    expect(() => settings({ ...base, 'smtp.secure': 'true', 'smtp.starttls': 'required' })).toThrow('option "smtp.starttls" does not apply to a TLS connection');
    expect(() => settings({ ...base, 'smtp.tls.verify': 'no' })).toThrow('invalid value for option "smtp.tls.verify": "no"');
    expect(() => settings({ ...base, from: 'alerts' })).toThrow('invalid value for option "from": "alerts"');
    expect(() => settings({ ...base, from: 'a@b.c, d@e.f' })).toThrow('invalid value for option "from": "a@b.c, d@e.f"');
    expect(() => settings({ ...base, to: 'ops@example.com, oncall' })).toThrow('invalid value for option "to"');
    expect(() => settings({ ...base, to: 'ops@example.com\r\nBcc: x@evil.example' })).toThrow('invalid value for option "to"');
    expect(() => settings({ ...base, subject: '  ' })).toThrow('invalid value for option "subject"');
    expect(() => settings({ ...base, rate_limit: '0' })).toThrow('invalid value for option "rate_limit": "0"');
    expect(() => settings({ ...base, timeout_ms: '1.5' })).toThrow('invalid value for option "timeout_ms": "1.5"');
  });

  it('wants the user and the password together, and never shows the password', () => {
    expect(() => settings({ ...base, 'smtp.password': 'hunter22' })).toThrow('missing option "smtp.user" for connector "email"');
    expect(() => settings({ ...base, 'smtp.user': 'alerts' })).toThrow('missing option "smtp.password" for connector "email"');
    const failures: SqlError[] = [];
    const bad: Record<string, string>[] = [
      { 'smtp.password': 'hunter22' },
      { 'smtp.password': 'hunter22', 'smtp.user': 'u', 'smtp.port': 'x' },
      { 'smtp.password': 'hunter22', 'smtp.user': 'u', to: 'x' },
    ];
    for (const options of bad) {
      try {
        settings({ ...base, ...options });
      } catch (err) {
        failures.push(err as SqlError);
      }
    }
    expect(failures).toHaveLength(3);
    for (const err of failures) expect(JSON.stringify([err.message, err.detail, err.hint])).not.toContain('hunter22');
  });
});
