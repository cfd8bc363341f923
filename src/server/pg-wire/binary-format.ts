// PostgreSQL's binary format (the typsend / typreceive functions) for every Tally type, arrays included.
import { DATE_NEGATIVE_INFINITY, DATE_POSITIVE_INFINITY } from '../../types/calendar.js';
import { elementType, isArrayType, type DataType, type ScalarType } from '../../types/data-type.js';
import { Interval } from '../../types/interval.js';
import { canonicalJsonb } from '../../types/jsonb-text.js';
import type { Numeric } from '../../types/numeric.js';
import type { Value } from '../../types/value.js';
import type { MessageWriter } from './message-writer.js';
import { readNumeric, writeNumeric } from './numeric-binary.js';
import { wireType } from './type-oids.js';
import { WireError } from './wire-error.js';

/** Days and microseconds between 1970-01-01 (Tally's epoch) and 2000-01-01 (PostgreSQL's binary epoch). */
const EPOCH_SHIFT_DAYS = 10957;
const EPOCH_SHIFT_MICROS = 946_684_800_000_000n;
const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;
const JSONB_VERSION = 1;

/** Writes a non-null value's bytes (without the length, which the caller frames). */
export type BinaryEncoder = (w: MessageWriter, value: Value) => void;

const SCALAR_ENCODERS: Readonly<Record<ScalarType, BinaryEncoder>> = {
  boolean: (w, v) => w.int8(v ? 1 : 0),
  int2: (w, v) => w.int16(v as number),
  int4: (w, v) => w.int32(v as number),
  int8: (w, v) => w.int64(v as bigint),
  float4: (w, v) => w.float32(v as number),
  float8: (w, v) => w.float64(v as number),
  numeric: (w, v) => writeNumeric(w, v as Numeric),
  varchar: (w, v) => w.string(v as string),
  unknown: (w, v) => w.string(v as string),
  jsonb: (w, v) => w.int8(JSONB_VERSION).string(v as string),
  bytea: (w, v) => w.bytes(v as Uint8Array),
  date: (w, v) => w.int32(toPostgresDays(v as number)),
  time: (w, v) => w.int64(BigInt(v as number)),
  timestamp: (w, v) => w.int64((v as bigint) - EPOCH_SHIFT_MICROS),
  timestamptz: (w, v) => w.int64((v as bigint) - EPOCH_SHIFT_MICROS),
  interval: (w, v) => {
    const interval = v as Interval;
    w.int64(interval.micros).int32(interval.days).int32(interval.months);
  },
};

const toPostgresDays = (days: number): number =>
  days === DATE_POSITIVE_INFINITY ? INT32_MAX : days === DATE_NEGATIVE_INFINITY ? INT32_MIN : days - EPOCH_SHIFT_DAYS;

const fromPostgresDays = (days: number): number =>
  days === INT32_MAX ? DATE_POSITIVE_INFINITY : days === INT32_MIN ? DATE_NEGATIVE_INFINITY : days + EPOCH_SHIFT_DAYS;

/** The binary encoder of `type`. */
export function binaryEncoder(type: DataType): BinaryEncoder {
  if (!isArrayType(type)) return SCALAR_ENCODERS[type];
  const element = elementType(type);
  const encodeElement = SCALAR_ENCODERS[element];
  const elementOid = wireType(element).oid;
  // array_send: dimensions, a has-nulls flag, the element type, per dimension its length and lower bound 1.
  return (w, v) => {
    const items = v as readonly Value[];
    const hasNull = items.some((item) => item === null);
    if (items.length === 0) {
      w.int32(0).int32(0).int32(elementOid);
      return;
    }
    w.int32(1).int32(hasNull ? 1 : 0).int32(elementOid).int32(items.length).int32(1);
    for (const item of items) {
      if (item === null) {
        w.int32(-1);
        continue;
      }
      const at = w.beginLength();
      encodeElement(w, item);
      w.endLength(at);
    }
  };
}

/** Reads a non-null value of `type` from its binary bytes (a Bind parameter); throws WireError 22P03 when malformed. */
export function decodeBinary(type: DataType, bytes: Buffer): Value {
  if (isArrayType(type)) return decodeArray(elementType(type), bytes);
  return decodeScalar(type, bytes);
}

function decodeScalar(type: ScalarType, bytes: Buffer): Value {
  const expect = (length: number): void => {
    if (bytes.length !== length) throw invalidBinary(type);
  };
  switch (type) {
    case 'boolean': expect(1); return bytes[0] !== 0;
    case 'int2': expect(2); return bytes.readInt16BE(0);
    case 'int4': expect(4); return bytes.readInt32BE(0);
    case 'int8': expect(8); return bytes.readBigInt64BE(0);
    case 'float4': expect(4); return bytes.readFloatBE(0);
    case 'float8': expect(8); return bytes.readDoubleBE(0);
    case 'numeric': return readNumeric(bytes);
    case 'varchar':
    case 'unknown': return bytes.toString('utf8');
    case 'jsonb':
      if (bytes.length < 1 || bytes[0] !== JSONB_VERSION) throw invalidBinary(type);
      return canonicalJsonb(bytes.toString('utf8', 1));
    case 'bytea': return new Uint8Array(bytes);
    case 'date': expect(4); return fromPostgresDays(bytes.readInt32BE(0));
    case 'time': expect(8); return Number(bytes.readBigInt64BE(0));
    case 'timestamp':
    case 'timestamptz': expect(8); return bytes.readBigInt64BE(0) + EPOCH_SHIFT_MICROS;
    case 'interval': expect(16); return new Interval(bytes.readInt32BE(12), bytes.readInt32BE(8), bytes.readBigInt64BE(0));
  }
}

/** array_recv for one-dimensional arrays (lower bounds are not kept: Tally arrays start at 1). */
function decodeArray(element: ScalarType, bytes: Buffer): Value {
  if (bytes.length < 12) throw invalidBinary(`${element}[]`);
  const dimensions = bytes.readInt32BE(0);
  if (dimensions === 0) return [];
  if (dimensions !== 1) throw new WireError('0A000', 'multidimensional arrays are not supported');
  const count = bytes.readInt32BE(12);
  let offset = 20;
  const items: Value[] = [];
  for (let index = 0; index < count; index++) {
    if (offset + 4 > bytes.length) throw invalidBinary(`${element}[]`);
    const length = bytes.readInt32BE(offset);
    offset += 4;
    if (length < 0) {
      items.push(null);
      continue;
    }
    if (offset + length > bytes.length) throw invalidBinary(`${element}[]`);
    items.push(decodeScalar(element, bytes.subarray(offset, offset + length)));
    offset += length;
  }
  return items;
}

const invalidBinary = (type: DataType): WireError => new WireError('22P03', `incorrect binary data format for type ${type}`);
