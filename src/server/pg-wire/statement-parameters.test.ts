import { describe, expect, it } from 'vitest';
import { parseStatement, printStatement } from '../../sql/index.js';
import { firstParameter, highestParameter, substituteParameters, type BoundParameter } from './statement-parameters.js';
import { WireError } from './wire-error.js';

const text = (value: string, declaredType?: BoundParameter['declaredType']): BoundParameter => ({ value: Buffer.from(value), format: 0, declaredType });

describe('statement parameters', () => {
  it('finds the highest and the first parameter', () => {
    const statement = parseStatement('SELECT $2 FROM t WHERE a = $1 AND b IN (SELECT c FROM u WHERE d > $3)');
    expect(highestParameter(statement)).toBe(3);
    expect(firstParameter(statement)?.index).toBe(2);
    expect(highestParameter(parseStatement('SELECT 1'))).toBe(0);
  });

  it('puts untyped values in as string literals and declared ones as casts, at the parameter position', () => {
    const statement = parseStatement("SELECT $1, $2 FROM t WHERE name = $3 AND x = '$1'");
    const bound = substituteParameters(statement, [text("it's"), text('42', 'int4'), { value: null, format: 0, declaredType: undefined }]);
    expect(printStatement(bound)).toBe(`SELECT 'it''s', CAST('42' AS int4) FROM t WHERE ((name = NULL) AND (x = '$1'))`);
    const select = bound.kind === 'query' && bound.query.body.kind === 'select' ? bound.query.body : undefined;
    expect(select?.items[0]).toMatchObject({ expr: { kind: 'literal', span: { start: 7, end: 9 } } });
    // The parsed statement is left as it was, to be bound again with other values.
    expect(printStatement(statement)).toBe("SELECT $1, $2 FROM t WHERE ((name = $3) AND (x = '$1'))");
  });

  it('carries binary values as the text of the declared type', () => {
    const int8 = Buffer.alloc(8);
    int8.writeBigInt64BE(-5n);
    const bound = substituteParameters(parseStatement('SELECT $1, $2'), [
      { value: int8, format: 1, declaredType: 'int8' },
      { value: Buffer.from('raw text'), format: 1, declaredType: undefined },
    ]);
    expect(printStatement(bound)).toBe("SELECT CAST('-5' AS int8), 'raw text'");
  });

  it('names the parameter whose binary value is malformed', () => {
    expect(() => substituteParameters(parseStatement('SELECT $1'), [{ value: Buffer.from('01', 'hex'), format: 1, declaredType: 'int4' }])).toThrow(
      new WireError('22P03', 'incorrect binary data format for type int4 in parameter $1'),
    );
  });

  it('refuses a parameter without a value', () => {
    expect(() => substituteParameters(parseStatement('SELECT $2'), [text('1')])).toThrow('there is no parameter $2');
  });
});
