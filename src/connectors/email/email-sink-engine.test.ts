// An email sink created in SQL over a view of alerts: a breach that appears fires, one that changes updates, one that
// ends resolves; the password stays hidden in SHOW CREATE SINK and in a failure's tally_sinks row.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/engine.js';
import { emailSinkConnector } from './email-sink-connector.js';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.test-support.js';

let receiver: SmtpReceiver;

beforeAll(async () => {
  receiver = await startSmtpReceiver({ users: { alerts: 'smtp-secret-1' } });
});

afterAll(async () => {
  await receiver.close();
});

beforeEach(() => {
  receiver.received.length = 0;
});

const SCHEMA = `
  CREATE TABLE seller_sla (seller_id VARCHAR PRIMARY KEY, shipped INT, on_time INT);
  CREATE MATERIALIZED VIEW sla_violations AS
    SELECT seller_id, on_time::NUMERIC / shipped AS sla_compliance_rate FROM seller_sla WHERE on_time::NUMERIC / shipped < 0.95;
`;

const sinkSql = (password: string) => `
  CREATE SINK sla_email FROM sla_violations WITH (
    connector = 'email', smtp.host = '127.0.0.1', smtp.port = '${receiver.port}', smtp.starttls = 'disabled',
    smtp.user = 'alerts', smtp.password = '${password}',
    from = 'Tally <alerts@shop.example>', to = 'oncall@shop.example',
    subject = 'SLA {{event}}: seller {{seller_id}}', primary_key = 'seller_id', type = 'upsert')`;

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('email sink in SQL', () => {
  it('mails firing, updated and resolved alerts as the view changes', async () => {
    const db = await Engine.open({ sinkConnectors: [emailSinkConnector], barrierIntervalMs: 60_000 });
    try {
      await db.execute(SCHEMA);
      await db.execute(`INSERT INTO seller_sla VALUES ('s1', 100, 90), ('s2', 100, 99)`);
      await db.execute(sinkSql('smtp-secret-1'));
      await db.sinksDrained();
      await db.execute(`UPDATE seller_sla SET on_time = 80 WHERE seller_id = 's1'`);
      await db.sinksDrained();
      await db.execute(`UPDATE seller_sla SET on_time = 100 WHERE seller_id = 's1'`);
      await db.sinksDrained();
      expect(receiver.received.map((m) => m.headers.get('subject'))).toEqual(['SLA firing: seller s1', 'SLA updated: seller s1', 'SLA resolved: seller s1']);
      expect(receiver.received.map((m) => m.user)).toEqual(['alerts', 'alerts', 'alerts']);
      expect(receiver.received[1]!.body).toMatch(/\nsla_compliance_rate: +0\.80* \(was 0\.90*\)\n/);

      const [shown] = await db.execute('SHOW CREATE SINK sla_email');
      if (shown?.kind !== 'rows') throw new Error('expected rows');
      expect(String(shown.rows[0]![1])).toContain("smtp.password = '***'");
      expect(String(shown.rows[0]![1])).not.toContain('smtp-secret-1');
    } finally {
      await db.close();
    }
  });

  it('refuses CREATE SINK when the login fails, naming the server and never the password', async () => {
    const db = await Engine.open({ sinkConnectors: [emailSinkConnector], barrierIntervalMs: 60_000 });
    try {
      await db.execute(SCHEMA);
      const refused = db.execute(sinkSql('wrong-secret-2'));
      await expect(refused).rejects.toThrow(/could not connect to SMTP server smtp:\/\/127\.0\.0\.1:\d+: login refused: 535 /);
      await expect(refused).rejects.not.toThrow(/wrong-secret-2/);
      await expect(db.execute(`CREATE SINK bad FROM sla_violations WITH (connector = 'email', smtp.host = 'h', from = 'a@b.c', type = 'upsert', primary_key = 'seller_id')`)).rejects.toThrow(
        'missing option "to" for connector "email"',
      );
    } finally {
      await db.close();
    }
  });

  it('keeps the sink retrying while the server refuses messages, visible in tally_sinks', async () => {
    const db = await Engine.open({ sinkConnectors: [emailSinkConnector], barrierIntervalMs: 60_000 });
    try {
      await db.execute(SCHEMA);
      await db.execute(sinkSql('smtp-secret-1'));
      receiver.refuseMessage('451 4.7.1 Greylisted, try again', 2);
      await db.execute(`INSERT INTO seller_sla VALUES ('s3', 10, 5)`);
      const state = async () => {
        const [result] = await db.execute(`SELECT state, errors, last_error FROM tally_sinks WHERE name = 'sla_email'`);
        if (result?.kind !== 'rows') throw new Error('expected rows');
        return result.rows[0]!;
      };
      let seen = await state();
      const deadline = Date.now() + 5000;
      while (seen[1] === 0n && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        seen = await state();
      }
      expect(seen[0]).toBe('retrying');
      expect(String(seen[2])).toMatch(/DATA refused: 451 4\.7\.1 Greylisted, try again \(a temporary failure\)$/);
      await db.sinksDrained();
      await until(() => receiver.received.length === 1, 'the message');
      expect((await state())[0]).toBe('running');
      expect(receiver.received[0]!.headers.get('subject')).toBe('SLA firing: seller s3');
    } finally {
      await db.close();
    }
  });
});
