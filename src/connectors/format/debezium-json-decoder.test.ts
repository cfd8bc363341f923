// Tests of FORMAT DEBEZIUM ENCODE JSON: change events into retractions and insertions.
import { describe, expect, it } from 'vitest';
import { columns, sourceSpec } from '../source-spec.test-support.js';
import { debeziumJsonDecoder } from './debezium-json-decoder.js';
import { emptyDecodedRecords } from './record-decoder.js';

const spec = sourceSpec(columns(['id', 'int8'], ['total', 'numeric'], ['at', 'timestamptz']), {}, { format: 'debezium', encode: 'json' });
const printable = (rows: readonly (readonly unknown[])[]) => rows.map((row) => row.map((v) => (v === null ? null : String(v))));

describe('debeziumJsonDecoder', () => {
  it('turns c, r, u and d events into insertions and retractions', () => {
    const decoder = debeziumJsonDecoder(spec);
    const out = emptyDecodedRecords();
    decoder.decode('{"before": null, "after": {"id": 1487580005268456287, "total": "10.50", "at": 1575158400000000}, "op": "c"}', 'o:1', out);
    decoder.decode('{"payload": {"before": null, "after": {"id": 2, "total": "1.00"}, "op": "r"}, "schema": {}}', 'o:2', out);
    decoder.decode('{"before": {"id": 2, "total": "1.00"}, "after": {"id": 2, "total": "2.00"}, "op": "u"}', 'o:3', out);
    decoder.decode('{"before": null, "after": {"id": 2, "total": "3.00"}, "op": "u"}', 'o:4', out);
    decoder.decode('{"before": {"id": 2, "total": "3.00"}, "after": null, "op": "d"}', 'o:5', out);
    decoder.decode(null, 'o:6', out);
    decoder.decode('{"schema": {}, "payload": null}', 'o:7', out);
    expect(printable(out.rows)).toEqual([
      ['1487580005268456287', '10.50', '1575158400000000'],
      ['2', '1.00', null],
      ['2', '1.00', null],
      ['2', '2.00', null],
      ['2', '3.00', null],
      ['2', '3.00', null],
    ]);
    expect(out.weights).toEqual([1, 1, -1, 1, 1, -1]);
    expect(out.deadLetters).toEqual([]);
  });

  it('makes malformed events dead letters without emitting half of them', () => {
    const decoder = debeziumJsonDecoder(spec);
    const out = emptyDecodedRecords();
    const events = [
      '{"before": null, "after": null, "op": "d"}',
      '{"before": {"id": "x"}, "after": {"id": 1}, "op": "u"}',
      '{"op": "t"}',
      '{"op": "z", "after": {}}',
      '{"after": {"id": 1}}',
    ];
    events.forEach((event, index) => decoder.decode(event, `o:${index}`, out));
    expect(out.rows).toEqual([]);
    expect(out.deadLetters.map((d) => [d.offset, d.error])).toEqual([
      ['o:0', 'Debezium event with op "d" has no "before" object'],
      ['o:1', 'invalid input syntax for type bigint: "x"'],
      ['o:2', 'Debezium truncate events are not supported'],
      ['o:3', 'unrecognized Debezium operation "z"'],
      ['o:4', 'unrecognized Debezium operation null'],
    ]);
    expect(out.deadLetters[0]!.payload).toBe(events[0]);
  });
});
