import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { Numeric } from './numeric.js';
import { SqlError } from './error.js';
import { PgOracle, outcome } from './pg-oracle.test-support.js';

const n = (text: string): Numeric => Numeric.parse(text);

/** Random decimals: up to 30 digits, scale 0..12, with a bias towards small values and zeros. */
const decimalArbitrary = fc
  .tuple(
    fc.oneof(
      fc.bigInt({ min: -999999n, max: 999999n }),
      fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
      fc.constantFrom(0n, 1n, -1n, 5n, -5n, 10n, 100n),
    ),
    fc.integer({ min: 0, max: 12 }),
  )
  .map(([unscaled, scale]) => new Numeric(unscaled, scale));

const sample = <T>(arbitrary: fc.Arbitrary<T>, count: number, seed: number): T[] =>
  fc.sample(arbitrary, { numRuns: count, seed });

Decimal.set({ precision: 200 });
const toDecimal = (value: Numeric): Decimal => new Decimal(value.toString());

describe('Numeric.parse and toString', () => {
  it('reads PostgreSQL numeric input and keeps the scale', () => {
    const cases: [string, string][] = [
      ['1.50', '1.50'], ['-3', '-3'], ['1e3', '1000'], [' 2 ', '2'], ['.5', '0.5'], ['5.', '5'],
      ['-0.00', '0.00'], ['1.50e1', '15.0'], ['1e-3', '0.001'], ['+7.25', '7.25'], ['0001.10', '1.10'],
      ['12345678901234567890.123', '12345678901234567890.123'], ['NaN', 'NaN'], ['inf', 'Infinity'],
      ['-Infinity', '-Infinity'], ['  nan  ', 'NaN'], ['1E+2', '100'], ['-.000', '0.000'],
    ];
    for (const [input, output] of cases) expect(n(input).toString(), input).toBe(output);
  });

  it('reads a span of a longer text as parse reads the substring', () => {
    const inputs = ['1.50', '-3', '1e3', ' 2 ', '.5', '-0.00', '12345678901234567890.123', 'NaN', '-Infinity', '1e', '+', '.', 'abc', ''];
    for (const input of inputs) {
      const text = `1${input}9`;
      const span = (): string => Numeric.parseSpan(text, 1, text.length - 1).toString();
      let expected: string;
      try {
        expected = n(input).toString();
      } catch (error) {
        expect(span, input).toThrowError((error as Error).message);
        continue;
      }
      expect(span(), input).toBe(expected);
    }
  });

  it('rejects malformed input with PostgreSQL\'s message', () => {
    for (const input of ['', ' ', '1e', '.', '+NaN', 'abc', '1.2.3', '1 2', '--1', '1e+']) {
      expect(() => n(input)).toThrowError(`invalid input syntax for type numeric: "${input}"`);
    }
    try {
      n('x');
    } catch (error) {
      expect((error as SqlError).condition).toBe('invalid_text_representation');
    }
  });
});

describe('Numeric arithmetic (exact, checked against decimal.js)', () => {
  it('add, sub and mul are exact with PostgreSQL scales', () => {
    fc.assert(
      fc.property(decimalArbitrary, decimalArbitrary, (a, b) => {
        const sum = a.add(b);
        expect(sum.scale).toBe(Math.max(a.scale, b.scale));
        expect(toDecimal(sum).equals(toDecimal(a).plus(toDecimal(b)))).toBe(true);
        expect(toDecimal(a.sub(b)).equals(toDecimal(a).minus(toDecimal(b)))).toBe(true);
        const product = a.mul(b);
        expect(product.scale).toBe(a.scale + b.scale);
        expect(toDecimal(product).equals(toDecimal(a).times(toDecimal(b)))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('compare agrees with decimal.js and ignores the scale', () => {
    fc.assert(
      fc.property(decimalArbitrary, decimalArbitrary, (a, b) => {
        expect(a.compare(b)).toBe(toDecimal(a).comparedTo(toDecimal(b)));
        expect(a.compare(a.withScale(a.scale + 3))).toBe(0);
      }),
      { numRuns: 500 },
    );
    expect(n('2.0').compare(n('2.00'))).toBe(0);
    expect(n('NaN').compare(n('Infinity'))).toBe(1);
    expect(n('-Infinity').compare(n('-1e100'))).toBe(-1);
    expect(n('NaN').compare(n('NaN'))).toBe(0);
  });

  it('normalizedString is equal exactly for equal values', () => {
    expect(n('2.500').normalizedString()).toBe('2.5');
    expect(n('2.000').normalizedString()).toBe('2');
    expect(n('-0.10').normalizedString()).toBe('-0.1');
    expect(n('100').normalizedString()).toBe('100');
    expect(n('0.000').normalizedString()).toBe('0');
  });

  it('toNumber is correctly rounded', () => {
    fc.assert(
      fc.property(decimalArbitrary, (a) => {
        expect(a.toNumber()).toBe(Number(a.toString()));
      }),
      { numRuns: 300 },
    );
  });

  it('rounds, truncates and converts like PostgreSQL', () => {
    expect(n('2.5').round(3).toString()).toBe('2.500');
    expect(n('1234.5').round(-2).toString()).toBe('1200');
    expect(n('-2.5').round().toString()).toBe('-3');
    expect(n('-2.57').trunc(1).toString()).toBe('-2.5');
    expect(n('-2.5').floor().toString()).toBe('-3');
    expect(n('-2.5').ceil().toString()).toBe('-2');
    expect(n('2.5').toBigInt()).toBe(3n);
    expect(n('-2.5').toBigInt()).toBe(-3n);
    expect(n('1.005').withScale(2).toString()).toBe('1.01');
    expect(n('1.5').withScale(3).toString()).toBe('1.500');
  });

  it('divides with select_div_scale', () => {
    expect(n('10').div(n('3')).toString()).toBe('3.3333333333333333');
    expect(n('1').div(n('3000000')).toString()).toBe('0.000000333333333333333333');
    expect(n('2').div(n('3')).toString()).toBe('0.66666666666666666667');
    expect(n('1.00').div(n('8')).toString()).toBe('0.12500000000000000000');
    expect(() => n('1').div(n('0'))).toThrowError('division by zero');
    // Unscaled values on both sides of 2^53, where the scale is worked out in doubles or in bigints (PostgreSQL 15).
    expect(n('9007199254740991').div(n('7')).toString()).toBe('1286742750677284.4286');
    expect(n('9007199254740993').div(n('7')).toString()).toBe('1286742750677284.7143');
    expect(n('90071992547409.91').div(n('3')).toString()).toBe('30023997515803.3033');
    expect(n('0.0000000000000001').div(n('3')).toString()).toBe('0.000000000000000033333333333333333333');
    expect(n('1234.5678').div(n('0.0012')).toString()).toBe('1028806.500000000000');
    expect(n('99999999.99999999').div(n('33.3')).toString()).toBe('3003003.003003002703');
    expect(n('7.5').mod(n('2')).toString()).toBe('1.5');
    expect(n('-7.5').mod(n('2')).toString()).toBe('-1.5');
  });

  it('computes powers and square roots with PostgreSQL scales', () => {
    expect(n('2.0').pow(n('3')).toString()).toBe('8.0000000000000000');
    expect(n('2').pow(n('0.5')).toString()).toBe('1.4142135623730950');
    expect(n('1.1').pow(n('10')).toString()).toBe('2.5937424601000000');
    expect(n('2').pow(n('-2')).toString()).toBe('0.2500000000000000');
    expect(n('0.0').pow(n('0')).toString()).toBe('1.0000000000000000');
    expect(n('2.0').sqrt().toString()).toBe('1.414213562373095');
    expect(n('0').sqrt().toString()).toBe('0.000000000000000');
    expect(() => n('-8').pow(n('0.5'))).toThrowError('a negative number raised to a non-integer power yields a complex result');
    expect(() => n('0').pow(n('-1'))).toThrowError('zero raised to a negative power is undefined');
    expect(() => n('-1').sqrt()).toThrowError('cannot take square root of a negative number');
  });

  it('matches PostgreSQL 15 powers (integral exponents get scale 16; PostgreSQL 16+ differs)', () => {
    // Outputs of the PostgreSQL 15 server: select b::numeric ^ e::numeric.
    const cases: [string, string, string][] = [
      ['2', '10', '1024.0000000000000000'],
      ['10', '20', '100000000000000000000.0000000000000000'],
      ['0.1', '20', '0.0000000000000000'],
      ['0.5', '-3', '8.0000000000000000'],
      ['1.5', '3', '3.3750000000000000'],
      ['-1.5', '3', '-3.3750000000000000'],
      ['-2', '-3', '-0.1250000000000000'],
      ['3.000', '2', '9.0000000000000000'],
      ['7', '-1', '0.1428571428571429'],
      ['0.001', '7', '0.0000000000000000'],
      ['99.99', '5', '9995000999.9000049999000000'],
      ['1.01', '365', '37.7834343328871589'],
      ['1.0001', '100000', '22015.4560485521986457'],
      ['0.9999', '-50000', '148.4502695050067018'],
      ['2', '0.5', '1.4142135623730950'],
      ['2.5', '1.5', '3.9528470752104742'],
      ['1.1', '-0.5', '0.9534625892455923'],
      ['10', '-20', '0.0000000000000000'],
      ['123.456', '2', '15241.3839360000000000'],
      ['-0.5', '4', '0.0625000000000000'],
      ['12.3400', '1', '12.3400000000000000'],
      ['5', '0', '1.0000000000000000'],
      ['0.00', '3', '0.0000000000000000'],
      ['1e-5', '4', '0.0000000000000000'],
      ['2', '100', '1267650600228229401496703205376.0000000000000000'],
      ['2', '1.0', '2.0000000000000000'],
    ];
    for (const [base, exponent, result] of cases) expect(n(base).pow(n(exponent)).toString(), `${base} ^ ${exponent}`).toBe(result);
  });

  it('handles NaN and infinities as PostgreSQL 15', () => {
    expect(n('inf').sub(n('inf')).toString()).toBe('NaN');
    expect(n('inf').mul(n('0')).toString()).toBe('NaN');
    expect(n('0').div(n('inf')).toString()).toBe('0');
    expect(n('nan').div(n('0')).toString()).toBe('NaN');
    expect(() => n('inf').div(n('0'))).toThrowError('division by zero');
    expect(n('1').mod(n('inf')).toString()).toBe('1');
    expect(n('inf').mod(n('1')).toString()).toBe('NaN');
    expect(n('-inf').abs().toString()).toBe('Infinity');
  });

  it('converts float8 with 15 significant digits (%.15g)', () => {
    expect(Numeric.fromFloat(1.5).toString()).toBe('1.5');
    expect(Numeric.fromFloat(1e20).toString()).toBe('100000000000000000000');
    expect(Numeric.fromFloat(1.5e-5).toString()).toBe('0.000015');
    expect(Numeric.fromFloat(0.1).toString()).toBe('0.1');
    expect(Numeric.fromFloat(1 / 3).toString()).toBe('0.333333333333333');
    // An exact tie rounds half to even, as glibc's printf does.
    expect(Numeric.fromFloat(1234567890123445).toString()).toBe('1234567890123440');
    expect(Numeric.fromFloat(1234567890123455).toString()).toBe('1234567890123460');
    expect(Numeric.fromFloat(NaN).toString()).toBe('NaN');
  });
});

describe('Numeric against PostgreSQL (PGlite)', () => {
  let oracle: PgOracle;
  beforeAll(() => {
    oracle = new PgOracle();
  });
  afterAll(async () => {
    await oracle.close();
  });

  const pairs = sample(fc.tuple(decimalArbitrary, decimalArbitrary), 400, 42);
  const texts = pairs.map(([a, b]) => [a.toString(), b.toString()] as const);

  async function check(expression: string, compute: (a: Numeric, b: Numeric) => string | null): Promise<void> {
    const expected = await oracle.evaluate(expression, texts);
    const actual = pairs.map(([a, b]) => outcome(() => compute(a, b)));
    const mismatches = texts
      .map((tuple, index) => ({ tuple, expected: expected[index], actual: actual[index] }))
      .filter((row) => row.expected !== row.actual);
    expect(mismatches.slice(0, 5)).toEqual([]);
  }

  it('division matches', async () => {
    await check('a::numeric / b::numeric', (a, b) => a.div(b).toString());
  });

  it('modulo matches', async () => {
    await check('a::numeric % b::numeric', (a, b) => a.mod(b).toString());
  });

  it('round and trunc to a scale match', async () => {
    await check('round(a::numeric, (length(b) % 7) - 2)', (a, b) => a.round((b.toString().length % 7) - 2).toString());
    await check('trunc(a::numeric, (length(b) % 7) - 2)', (a, b) => a.trunc((b.toString().length % 7) - 2).toString());
  });

  it('sqrt matches', async () => {
    await check('sqrt(abs(a::numeric))', (a) => a.abs().sqrt().toString());
  });


  it('fractional powers match', async () => {
    await check("abs(a::numeric) ^ ((length(b) % 5)::numeric / 4 + 0.01)", (a, b) =>
      a.abs().pow(Numeric.fromInt(b.toString().length % 5).div(Numeric.fromInt(4)).add(n('0.01'))).toString(),
    );
  });

  it('float8 -> numeric matches', async () => {
    await check('(a::float8 / 7)::numeric', (a) => Numeric.fromFloat(a.toNumber() / 7).toString());
  });
});
