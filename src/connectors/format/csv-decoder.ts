// FORMAT PLAIN ENCODE CSV: delimited text records, mapped to columns by a header line or by position.
import Papa from 'papaparse';
import type { ColumnInfo } from '../../catalog/catalog.js';
import type { SourceSpec } from '../../stream/source.js';
import { isArrayType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import { parseValue } from '../../types/text-format.js';
import { coerceToModifier } from '../../types/type-modifier.js';
import type { Row, Value } from '../../types/value.js';
import { errorMessage, type RecordDecoder } from './record-decoder.js';

type FieldParser = (text: string) => Value;

const CARRIAGE_RETURN = 0x0d;
const BYTE_ORDER_MARK = '\uFEFF';

/** CSV options as given in `ENCODE CSV (...)`, or else in WITH (...). */
function csvOption(spec: SourceSpec, name: string): string | undefined {
  return spec.format?.options.get(name) ?? spec.options.get(name);
}

/** `without_header` and `delimiter`, checked: called at CREATE time through `decoderFor`. */
function csvOptions(spec: SourceSpec): { withoutHeader: boolean; delimiter: string } {
  const withoutHeader = (csvOption(spec, 'without_header') ?? 'false').toLowerCase();
  if (withoutHeader !== 'true' && withoutHeader !== 'false') {
    throw new SqlError('invalid_parameter_value', `invalid value for option "without_header": "${withoutHeader}"`, {
      hint: 'Use \'true\' or \'false\'.',
    });
  }
  const written = csvOption(spec, 'delimiter') ?? ',';
  const delimiter = written === '\\t' ? '\t' : written;
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new SqlError('invalid_parameter_value', `invalid value for option "delimiter": "${written}"`, {
      hint: 'The delimiter must be a single character other than a quote or a line break.',
    });
  }
  return { withoutHeader: withoutHeader === 'true', delimiter };
}

/** Text input for a column, fitted to its type modifier as an INSERT would. */
function fieldParser(column: ColumnInfo): FieldParser {
  const type = column.type;
  const coerce =
    column.modifier && !isArrayType(type) ? coerceToModifier(type, column.modifier, 'assignment') : undefined;
  return coerce ? (text) => coerce(parseValue(type, text)) : (text) => parseValue(type, text);
}

/** Whether the quotes of `text` are balanced: a quoted field never ends inside it. */
function quotesBalanced(text: string): boolean {
  let quotes = 0;
  for (let index = text.indexOf('"'); index !== -1; index = text.indexOf('"', index + 1)) quotes++;
  return quotes % 2 === 0;
}

/**
 * The decoder of CSV records. With a header (the default), the first record of each stream names the fields
 * and columns take the field of their name (exact match; columns the header lacks are NULL, fields no column
 * names are ignored); `without_header = 'true'` maps fields to columns by position. Empty fields are NULL,
 * quoted or not (papaparse does not tell them apart). A record with fewer or more fields than expected is a
 * dead letter, as in PostgreSQL's COPY.
 */
export function csvDecoder(spec: SourceSpec): RecordDecoder {
  const { withoutHeader, delimiter } = csvOptions(spec);
  const columns = spec.columns;
  const parsers = columns.map(fieldParser);
  const width = columns.length;
  const papaConfig = { delimiter, newline: '\n' as const, quoteChar: '"', skipEmptyLines: false };
  let fieldOfColumn = columns.map((_, index) => index);
  let fieldNames = columns.map((c) => c.name);
  let pendingHeaders = withoutHeader ? 0 : 1;

  const split = (record: string): string[] => {
    if (!record.includes('"')) return record.split(delimiter);
    const result = Papa.parse<string[]>(record, papaConfig);
    if (result.errors.length > 0) throw new SqlError('invalid_text_representation', `invalid CSV record: ${result.errors[0]!.message.toLowerCase()}`);
    if (result.data.length !== 1) throw new SqlError('invalid_text_representation', 'invalid CSV record: more than one line');
    return result.data[0]!;
  };

  const takeHeader = (fields: string[]): void => {
    if (fields[0]?.startsWith(BYTE_ORDER_MARK)) fields[0] = fields[0].slice(1);
    fieldNames = fields;
    fieldOfColumn = columns.map((c) => fields.indexOf(c.name));
  };

  const toRow = (fields: string[]): Row => {
    if (fields.length < fieldNames.length) {
      throw new SqlError('invalid_text_representation', `missing data for column "${fieldNames[fields.length]}"`);
    }
    if (fields.length > fieldNames.length) {
      throw new SqlError('invalid_text_representation', 'extra data after last expected column');
    }
    const row: Row = new Array<Value>(width);
    for (let columnIdx = 0; columnIdx < width; columnIdx++) {
      const fieldIdx = fieldOfColumn[columnIdx]!;
      const text = fieldIdx < 0 ? '' : fields[fieldIdx]!;
      row[columnIdx] = text === '' ? null : parsers[columnIdx]!(text);
    }
    return row;
  };

  return {
    headerRecords: withoutHeader ? 0 : 1,
    startStream() {
      pendingHeaders = withoutHeader ? 0 : 1;
    },
    isComplete: (text) => !text.includes('"') || quotesBalanced(text),
    decode(payload, offset, out) {
      if (payload === null) return;
      const record = payload.charCodeAt(payload.length - 1) === CARRIAGE_RETURN ? payload.slice(0, -1) : payload;
      if (record === '') return;
      try {
        const fields = split(record);
        if (pendingHeaders > 0) {
          pendingHeaders--;
          takeHeader(fields);
          return;
        }
        const row = toRow(fields);
        out.rows.push(row);
        out.weights.push(1);
      } catch (err) {
        out.deadLetters.push({ offset, payload, error: errorMessage(err) });
      }
    },
  };
}
