// Tests of SCRAM-SHA-256 verifiers: PostgreSQL's stored form, made and checked here, and agreement with PostgreSQL.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { formatScramVerifier, parseScramVerifier, scramSecret, scramVerifier, verifyScramPassword } from './scram-verifier.js';

const ORACLE = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' } as const;

/** A verifier PostgreSQL made for `password` (password_encryption = scram-sha-256), or the reason it could not. */
async function postgresVerifier(password: string): Promise<{ verifier: string } | { skip: string }> {
  const client = new pg.Client({ ...ORACLE, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const role = `tally_scram_${process.pid}_${Date.now()}`;
    await client.query("SET password_encryption = 'scram-sha-256'");
    await client.query(`CREATE ROLE ${role} PASSWORD '${password.replaceAll("'", "''")}'`);
    try {
      const result = await client.query<{ rolpassword: string }>('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [role]);
      return { verifier: result.rows[0]!.rolpassword };
    } finally {
      await client.query(`DROP ROLE ${role}`);
    }
  } catch (err) {
    return { skip: `PostgreSQL at ${ORACLE.host}:${ORACLE.port} unavailable: ${(err as Error).message}` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('SCRAM-SHA-256 verifiers', () => {
  it('are made in the stored form and parse back', () => {
    const verifier = scramVerifier('pencil');
    expect(verifier).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/);
    const secret = parseScramVerifier(verifier)!;
    expect(secret.iterations).toBe(4096);
    expect(formatScramVerifier(secret)).toBe(verifier);
    // A fresh salt each time: the same password never gives the same verifier.
    expect(scramVerifier('pencil')).not.toBe(verifier);
  });

  it('check passwords, NFKC-normalized as PostgreSQL clients send them', () => {
    const verifier = scramVerifier('pencil');
    expect(verifyScramPassword(verifier, 'pencil')).toBe(true);
    expect(verifyScramPassword(verifier, 'Pencil')).toBe(false);
    expect(verifyScramPassword(scramVerifier('\u2168'), 'IX')).toBe(true);
    expect(verifyScramPassword('md5abc', 'pencil')).toBe(false);
  });

  it("derives the ServerKey of RFC 7677's example exchange", () => {
    // RFC 7677 section 3: password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations.
    const secret = scramSecret('pencil', Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'), 4096);
    expect(secret.serverKey.toString('base64')).toBe('wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=');
  });

  it('refuse what is not a verifier', () => {
    for (const text of ['pencil', 'SCRAM-SHA-256$0:c2FsdA==$a:b', 'SCRAM-SHA-256$4096:c2FsdA==$c2hvcnQ=:c2hvcnQ=', `SCRAM-SHA-256$4096:${'A'.repeat(24)}$${'A'.repeat(44)}`]) {
      expect(parseScramVerifier(text), text).toBeUndefined();
    }
  });

  it("agree with PostgreSQL's: a verifier PostgreSQL made checks the same password", async (context) => {
    const made = await postgresVerifier('correct horse battery');
    if ('skip' in made) {
      console.log(`skipping the PostgreSQL verifier test: ${made.skip}`);
      context.skip();
      return;
    }
    expect(parseScramVerifier(made.verifier)).toBeDefined();
    expect(verifyScramPassword(made.verifier, 'correct horse battery')).toBe(true);
    expect(verifyScramPassword(made.verifier, 'correct horse')).toBe(false);
  });
});
