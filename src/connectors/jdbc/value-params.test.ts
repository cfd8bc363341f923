// Tests of the value forms sent to targets: exact PostgreSQL text and MySQL literals.
import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../catalog/catalog.js';
import type { DataType } from '../../types/data-type.js';
import { Interval } from '../../types/interval.js';
import { Numeric } from '../../types/numeric.js';
import { parseValue } from '../../types/text-format.js';
import type { Value } from '../../types/value.js';
import { mysqlLiteral, mysqlString, postgresText } from './value-params.js';

const column = (type: DataType): ColumnInfo => ({ name: 'c', type });
const literal = (type: DataType, value: Value): string => mysqlLiteral(column(type))(value);

describe('postgresText', () => {
  it('writes every value in the text form PostgreSQL reads back exactly', () => {
    expect(postgresText('numeric')(Numeric.parse('12345678901234567.89'))).toBe('12345678901234567.89');
    expect(postgresText('int8')(9223372036854775807n)).toBe('9223372036854775807');
    expect(postgresText('float8')(0.1)).toBe('0.1');
    expect(postgresText('timestamptz')(parseValue('timestamptz', '2026-11-21 10:00:00.123456+08'))).toBe('2026-11-21 02:00:00.123456+00');
    expect(postgresText('timestamp')(parseValue('timestamp', '0044-03-15 12:00:00 BC'))).toBe('0044-03-15 12:00:00 BC');
    expect(postgresText('date')(parseValue('date', 'infinity'))).toBe('infinity');
    expect(postgresText('boolean')(true)).toBe('t');
    expect(postgresText('bytea')(new Uint8Array([0, 255]))).toBe('\\x00ff');
    expect(postgresText('interval')(new Interval(14, 3, 4_000_000n))).toBe('1 year 2 mons 3 days 00:00:04');
    expect(postgresText('int4[]')([1, null, 3])).toBe('{1,NULL,3}');
    expect(postgresText('varchar')('a"b\\c')).toBe('a"b\\c');
  });
});

describe('mysqlLiteral', () => {
  it('writes exact literals: quoted decimals, 1/0 booleans, UTC wall times', () => {
    expect(literal('numeric', Numeric.parse('-99999999999999999.99'))).toBe("'-99999999999999999.99'");
    expect(literal('boolean', true)).toBe('1');
    expect(literal('boolean', false)).toBe('0');
    expect(literal('int8', -9223372036854775808n)).toBe('-9223372036854775808');
    expect(literal('float8', 1e100)).toBe('1e+100');
    expect(literal('float4', Math.fround(0.1))).toBe('0.1');
    expect(literal('timestamptz', parseValue('timestamptz', '2026-11-21 10:00:00.5+08'))).toBe("'2026-11-21 02:00:00.5'");
    expect(literal('timestamp', parseValue('timestamp', '2026-11-21 10:00:00'))).toBe("'2026-11-21 10:00:00'");
    expect(literal('date', parseValue('date', '2026-02-28'))).toBe("'2026-02-28'");
    expect(literal('time', parseValue('time', '23:59:59.999999'))).toBe("'23:59:59.999999'");
    expect(literal('bytea', new Uint8Array([1, 171]))).toBe("X'01ab'");
    expect(literal('jsonb', '{"a": 1}')).toBe(`'{\\"a\\": 1}'`);
    expect(literal('varchar[]', ['x', null])).toBe("'{x,NULL}'");
    for (const type of ['numeric', 'varchar', 'date', 'bytea', 'timestamptz', 'float8'] as const) expect(literal(type, null)).toBe('NULL');
  });

  it('escapes strings for a session with backslash escapes', () => {
    expect(mysqlString('plain ünï 🛒')).toBe("'plain ünï 🛒'");
    expect(mysqlString(`it's "q" \\ \n\r\t\0\x1a\b`)).toBe(`'it\\'s \\"q\\" \\\\ \\n\\r\\t\\0\\Z\\b'`);
    expect(mysqlString("'")).toBe("'\\''");
    expect(mysqlString('')).toBe("''");
  });

  it('rejects values MySQL cannot hold, naming the column', () => {
    expect(() => literal('float8', NaN)).toThrow('value "NaN" of column "c" cannot be written to MySQL');
    expect(() => literal('numeric', Numeric.POSITIVE_INFINITY)).toThrow('value "Infinity" of column "c" cannot be written to MySQL');
    expect(() => literal('timestamptz', parseValue('timestamptz', 'infinity'))).toThrow('value "infinity" of column "c" cannot be written to MySQL');
    expect(() => literal('date', parseValue('date', '0044-03-15 BC'))).toThrow('value "0044-03-15 BC" of column "c" cannot be written to MySQL');
  });
});
