import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SqlError } from '../../types/error.js';
import { characterPosition, errorFields } from './error-fields.js';
import { SQLSTATE } from './sqlstate.js';
import { WireError } from './wire-error.js';

const ERRCODES = '/usr/share/postgresql/15/errcodes.txt';
const errcodes = await readFile(ERRCODES, 'utf8').catch(() => undefined);
if (!errcodes) console.log(`skipping the check against PostgreSQL's list of codes: ${ERRCODES} not found`);

describe('SQLSTATE codes', () => {
  it.skipIf(!errcodes)("match PostgreSQL's errcodes.txt for every condition PostgreSQL names", () => {
    const byName = new Map<string, string>();
    for (const line of errcodes!.split('\n')) {
      const match = /^([0-9A-Z]{5})\s+[EWS]\s+\S+\s+(\w+)$/.exec(line.trim());
      if (match) byName.set(match[2]!, match[1]!);
    }
    // Tally's name for a family PostgreSQL splits by function has no entry there: it gets the class code.
    const tallyOnly = new Set(['invalid_argument_for_function']);
    for (const [condition, code] of Object.entries(SQLSTATE)) {
      if (tallyOnly.has(condition)) expect(code).toBe('22000');
      else expect([condition, code]).toEqual([condition, byName.get(condition)]);
    }
  });
});

describe('error fields', () => {
  it('takes the code from the condition and counts the position in characters from 1', () => {
    const error = new SqlError('undefined_column', 'column "x" does not exist', { position: 13, hint: 'Perhaps you meant "y".' });
    expect(errorFields(error, "SELECT '😀', x", () => undefined)).toEqual({
      severity: 'ERROR', code: '42703', message: 'column "x" does not exist', detail: undefined, hint: 'Perhaps you meant "y".', position: 13,
    });
  });

  it('puts an end-of-input position just after the last character', () => {
    expect(characterPosition('SELECT 1 +', 10)).toBe(11);
    expect(characterPosition('', 0)).toBe(1);
  });

  it('keeps protocol codes and severities, and reports bugs as XX000 without their stack', () => {
    expect(errorFields(new WireError('28P01', 'password authentication failed for user "a"', { fatal: true }), undefined, () => undefined)).toMatchObject({
      severity: 'FATAL', code: '28P01',
    });
    const logged: unknown[] = [];
    const bug = new TypeError('cannot read properties of undefined');
    expect(errorFields(bug, 'SELECT 1', (err) => logged.push(err))).toEqual({ severity: 'ERROR', code: 'XX000', message: 'cannot read properties of undefined' });
    expect(logged).toEqual([bug]);
  });
});
