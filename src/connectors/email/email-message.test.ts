// Tests of email messages: built-in subjects and bodies per event, templates, Message-IDs and headers.
import { describe, expect, it } from 'vitest';
import type { SinkChange } from '../../stream/sink.js';
import { Numeric } from '../../types/numeric.js';
import { parseValue } from '../../types/text-format.js';
import type { Row } from '../../types/value.js';
import { notificationsOf } from '../alert/alert-notification.js';
import { columns } from '../source-spec.test-support.js';
import { sinkSpec } from '../sink-spec.test-support.js';
import { emailMessagesOf } from './email-message.js';
import { emailSettings } from './email-options.js';

const cols = columns(['seller_id', 'varchar'], ['sla_compliance_rate', 'numeric'], ['late_orders', 'int8'], ['since', 'timestamptz']);
const row = (seller: string, rate: string, late: bigint | null): Row => [seller, Numeric.parse(rate), late, parseValue('timestamptz', '2026-11-21 08:00:00+00')];
const a1 = row('s1', '0.93', 7n);
const a2 = row('s1', '0.90', null);
const firing: SinkChange = { before: null, after: a1 };
const updated: SinkChange = { before: a1, after: a2 };
const resolved: SinkChange = { before: a2, after: null };

function message(options: Record<string, string>, change: SinkChange, primaryKey = ['seller_id']) {
  const spec = sinkSpec(cols, {
    name: 'sla_alerts',
    options: { 'smtp.host': 'smtp.example.com', from: 'Alerts <alerts@mail.example.com>', to: 'ops@example.com', ...options },
    type: 'upsert',
    primaryKey,
  });
  return emailMessagesOf(spec, emailSettings(spec))(notificationsOf(spec)(change));
}

describe('email messages', () => {
  it('have a subject with the event, the sink and the key', () => {
    expect(message({}, firing).subject).toBe('[FIRING] sla_alerts: seller_id=s1');
    expect(message({}, updated).subject).toBe('[UPDATED] sla_alerts: seller_id=s1');
    expect(message({}, resolved).subject).toBe('[RESOLVED] sla_alerts: seller_id=s1');
    expect(message({}, firing, []).subject).toBe('[FIRING] sla_alerts');
  });

  it('have a readable body: what happened, every column, what an update changed, the notification id', () => {
    const fired = message({}, firing);
    const id = fired.headers['X-Tally-Notification-Id'];
    expect(fired.text).toBe(
      [
        'FIRING: a row appeared in sla_alerts.',
        '',
        'seller_id:           s1',
        'sla_compliance_rate: 0.93',
        'late_orders:         7',
        'since:               2026-11-21 08:00:00+00',
        '',
        `Notification ${id}`,
        '',
      ].join('\n'),
    );
    expect(message({}, updated).text).toContain('UPDATED: a row of sla_alerts changed.\n\nseller_id:           s1\nsla_compliance_rate: 0.90 (was 0.93)\nlate_orders:         NULL (was 7)\nsince:               2026-11-21 08:00:00+00\n');
    expect(message({}, resolved).text).toMatch(/^RESOLVED: a row left sla_alerts\.\n\nseller_id: {11}s1\nsla_compliance_rate: 0\.90\nlate_orders: {9}NULL\n/);
  });

  it('render subject and body templates with columns, event and sink, the subject on one line', () => {
    const options = { subject: 'SLA {{event}}: {{seller_id}}\n at {{sla_compliance_rate}}', body: 'Seller {{seller_id}} ({{sink}}): rate {{sla_compliance_rate}}, late {{late_orders}}\nrow {{row}}' };
    const fired = message(options, firing);
    expect(fired.subject).toBe('SLA firing: s1 at 0.93');
    expect(fired.text).toBe('Seller s1 (sla_alerts): rate 0.93, late 7\nrow {"seller_id":"s1","sla_compliance_rate":"0.93","late_orders":7,"since":"2026-11-21T08:00:00.000000Z"}');
    expect(message(options, resolved).text).toMatch(/^Seller s1 \(sla_alerts\): rate 0\.90, late NULL\n/);
    expect(message({ subject: '{{seller_id}}' }, { before: null, after: row('a\r\nBcc: x@evil.example', '1', 1n) }).subject).toBe('a Bcc: x@evil.example');
  });

  it('refuse a template placeholder that names no column', () => {
    expect(() => message({ subject: 'Alert {{seller}}' }, firing)).toThrow('template placeholder "{{seller}}" names no column of sink "sla_alerts"');
    expect(() => message({ body: '{{rate}}' }, firing)).toThrow('template placeholder "{{rate}}" names no column of sink "sla_alerts"');
  });

  it("derive the Message-ID from the notification id and the sender's domain", () => {
    const fired = message({}, firing);
    const id = fired.headers['X-Tally-Notification-Id']!;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(fired.messageId).toBe(`<${id}@mail.example.com>`);
    expect(message({}, { before: null, after: [...a1] }).messageId).toBe(fired.messageId);
    expect(message({}, updated).messageId).not.toBe(fired.messageId);
    expect(fired.headers).toMatchObject({ 'X-Tally-Event': 'firing', 'Auto-Submitted': 'auto-generated' });
    expect(message({}, resolved).headers['X-Tally-Event']).toBe('resolved');
  });
});
