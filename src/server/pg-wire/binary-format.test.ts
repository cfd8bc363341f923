import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DataType } from '../../types/data-type.js';
import { Interval } from '../../types/interval.js';
import { Numeric } from '../../types/numeric.js';
import { formatValue, parseValue } from '../../types/text-format.js';
import type { Value } from '../../types/value.js';
import { binaryEncoder, decodeBinary } from './binary-format.js';
import { MessageWriter } from './message-writer.js';
import { readNumeric, writeNumeric } from './numeric-binary.js';
import { WireError } from './wire-error.js';

function encode(type: DataType, value: Value): Buffer {
  const w = new MessageWriter();
  binaryEncoder(type)(w, value);
  return w.take();
}

function encodeNumeric(text: string): string {
  const w = new MessageWriter();
  writeNumeric(w, Numeric.parse(text));
  return w.take().toString('hex');
}

describe('numeric binary format', () => {
  // numeric_send's bytes for these values, taken from PostgreSQL 15 (SELECT numeric_send('...'::numeric)).
  it.each([
    ['12345.6789', '0003000100000004000109291a85'],
    ['-0.001', '0001ffff40000003000a'],
    ['0.00', '0000000000000002'],
    ['100000', '0001000100000000000a'],
    ['1e-20', '0001fffb000000140001'],
    ['NaN', '00000000c0000000'],
    ['-Infinity', '00000000f0000020'],
    ['Infinity', '00000000d0000020'],
  ])('writes %s as PostgreSQL does', (text, hex) => {
    expect(encodeNumeric(text)).toBe(hex);
  });

  it('reads back what it writes, with the display scale', () => {
    // Small magnitudes take the double-precision path, large ones the bigint path.
    const unscaled = fc.oneof(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }));
    const decimals = fc.tuple(unscaled, fc.integer({ min: 0, max: 30 }));
    fc.assert(
      fc.property(decimals, ([unscaled, scale]) => {
        const value = new Numeric(unscaled, scale);
        const w = new MessageWriter();
        writeNumeric(w, value);
        const back = readNumeric(w.take());
        expect(back.toString()).toBe(value.toString());
      }),
    );
  });

  it('rejects malformed values', () => {
    expect(() => readNumeric(Buffer.from('0001', 'hex'))).toThrow(WireError);
    expect(() => readNumeric(Buffer.from('0001000000000000ffff', 'hex'))).toThrow('invalid external "numeric" value');
  });
});

describe('binary format of every type', () => {
  const samples: [DataType, string][] = [
    ['boolean', 't'], ['int2', '-32768'], ['int4', '2147483647'], ['int8', '-9223372036854775808'], ['float4', '1.5'],
    ['float8', '-0.1'], ['float8', 'NaN'], ['numeric', '-123.4500'], ['varchar', 'héllo'], ['unknown', ''], ['bytea', '\\x00ff'],
    ['date', '2024-02-29'], ['date', '-infinity'], ['time', '23:59:59.999999'], ['timestamp', '1999-12-31 23:59:59.5'],
    ['timestamptz', 'infinity'], ['interval', '-1 years +2 days -00:00:03.5'], ['jsonb', '{"a": [1, null]}'],
    ['int4[]', '{1,NULL,3}'], ['varchar[]', '{}'], ['numeric[]', '{1.50,NULL}'], ['timestamptz[]', '{"2024-01-01 00:00:00+00"}'],
  ];

  it.each(samples)('round-trips %s %s', (type, text) => {
    const value = parseValue(type, text);
    expect(formatValue(type, decodeBinary(type, encode(type, value)))).toBe(formatValue(type, value));
  });

  it('writes dates and timestamps from PostgreSQL epoch 2000-01-01', () => {
    expect(encode('date', parseValue('date', '2000-01-02')).toString('hex')).toBe('00000001');
    expect(encode('timestamptz', parseValue('timestamptz', '2000-01-01 00:00:01+00')).toString('hex')).toBe('00000000000f4240');
    expect(encode('interval', new Interval(1, 2, 3n)).toString('hex')).toBe('00000000000000030000000200000001');
  });

  it('rejects values of the wrong length', () => {
    expect(() => decodeBinary('int4', Buffer.from('0001', 'hex'))).toThrow('incorrect binary data format for type int4');
    expect(() => decodeBinary('jsonb', Buffer.from('02', 'hex'))).toThrow(WireError);
  });
});
