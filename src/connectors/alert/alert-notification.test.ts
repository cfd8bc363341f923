// Tests of alert notifications: the event of each change, the rows it carries, and ids stable across resends.
import { describe, expect, it } from 'vitest';
import type { SinkChange } from '../../stream/sink.js';
import { Numeric } from '../../types/numeric.js';
import type { Row } from '../../types/value.js';
import { columns } from '../source-spec.test-support.js';
import { sinkSpec } from '../sink-spec.test-support.js';
import { notificationsOf } from './alert-notification.js';

const cols = columns(['seller_id', 'varchar'], ['sla_compliance_rate', 'numeric'], ['shipped', 'int8'], ['late', 'boolean']);
const row = (seller: string, rate: string, shipped: bigint, late: boolean | null): Row => [seller, Numeric.parse(rate), shipped, late];
const a1 = row('s1', '0.93', 100n, true);
const a2 = row('s1', '0.91', 110n, null);
const firing: SinkChange = { before: null, after: a1 };
const updated: SinkChange = { before: a1, after: a2 };
const resolved: SinkChange = { before: a2, after: null };

describe('alert notifications', () => {
  const spec = sinkSpec(cols, { name: 'sla_alerts', type: 'upsert', primaryKey: ['seller_id'] });
  const notify = notificationsOf(spec);

  it('fire when a row appears, update when it changes, resolve when it disappears', () => {
    expect([firing, updated, resolved].map((c) => notify(c).event)).toEqual(['firing', 'updated', 'resolved']);
    expect(notify(resolved).row).toBe(a2);
  });

  it('carry the current row, and the previous one of an update only', () => {
    const update = notify(updated);
    expect(update).toMatchObject({ row: a2, previous: a1, keyJson: '{"seller_id":"s1"}' });
    expect(JSON.parse(update.previousJson!)).toEqual({ seller_id: 's1', sla_compliance_rate: '0.93', shipped: 100, late: true });
    expect(notify(firing)).toMatchObject({ row: a1, previous: null, previousJson: null });
    expect(notify(resolved)).toMatchObject({ row: a2, previous: null, previousJson: null });
    expect(notificationsOf({ ...spec, primaryKey: [] })(firing).keyJson).toBeNull();
  });

  it('have ids that repeat for the same change of the same sink only', () => {
    const ids = [firing, updated, resolved].map((c) => notify(c).id);
    expect(ids.every((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(3);
    expect(notify({ before: null, after: [...a1] }).id).toBe(ids[0]);
    expect(notificationsOf({ ...spec, name: 'other' })(firing).id).not.toBe(ids[0]);
    expect(notify({ before: null, after: row('s2', '0.93', 100n, true) }).id).not.toBe(ids[0]);
  });
});
