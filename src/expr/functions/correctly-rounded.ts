// exp, ln and pow for double precision rounded from a double-double result, close to glibc's (JS's Math.exp,
// Math.log and Math.pow are often one unit in the last place off, which shows in PostgreSQL's float output).

/**
 * Values are carried as double-doubles (hi + lo, about 106 bits), then rounded once to a double. glibc's own
 * results are within about 0.51 units in the last place, so in rare near-halfway cases the two still differ.
 * Inputs whose result would be subnormal or non-finite fall back to Math (PostgreSQL's callers raise underflow
 * or overflow there anyway). The double-double operations write their result to `R` (hi, lo) so that
 * nothing is allocated per call.
 */
const R = new Float64Array(2);

const SPLITTER = 134217729; // 2^27 + 1

/** (R[0], R[1]) = a + b exactly. */
function twoSum(a: number, b: number): void {
  const s = a + b;
  const bb = s - a;
  R[0] = s;
  R[1] = a - (s - bb) + (b - bb);
}

/** (R[0], R[1]) = a * b exactly (Dekker's product). */
function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLITTER * a;
  const aHi = t - (t - a);
  const aLo = a - aHi;
  t = SPLITTER * b;
  const bHi = t - (t - b);
  const bLo = b - bHi;
  R[0] = p;
  R[1] = aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo;
}

/** (R[0], R[1]) = (ah + al) + (bh + bl) */
function add(ah: number, al: number, bh: number, bl: number): void {
  twoSum(ah, bh);
  const s = R[0];
  const e = R[1] + al + bl;
  twoSum(s, e);
}

/** (R[0], R[1]) = (ah + al) * (bh + bl) */
function mul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const p = R[0];
  const e = R[1] + ah * bl + al * bh;
  twoSum(p, e);
}

/** (R[0], R[1]) = (ah + al) / (bh + bl) */
function div(ah: number, al: number, bh: number, bl: number): void {
  const q1 = ah / bh;
  mul(bh, bl, q1, 0);
  add(ah, al, -R[0], -R[1]);
  const q2 = R[0] / bh;
  const rh = R[0];
  const rl = R[1];
  mul(bh, bl, q2, 0);
  add(rh, rl, -R[0], -R[1]);
  const q3 = R[0] / bh;
  twoSum(q1, q2);
  add(R[0], R[1], q3, 0);
}

const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;
/** Taylor degree of exp on reduced arguments; terms from DOUBLE_TERMS_FROM on are summed in plain doubles. */
const DEGREE = 11;
const DOUBLE_TERMS_FROM = 6;
/** exp uses a table of 2^(j/TABLE_SIZE). */
const TABLE_SIZE = 64;

/** 1/n! and 1/(2n+1) as double-doubles, computed once. */
const INVERSE_FACTORIAL_HI: number[] = [];
const INVERSE_FACTORIAL_LO: number[] = [];
const INVERSE_ODD_HI: number[] = [];
const INVERSE_ODD_LO: number[] = [];
const POWER_HI: number[] = [];
const POWER_LO: number[] = [];

/** (R[0], R[1]) = exp(rh + rl) for |r| <= ln(2) / (2 TABLE_SIZE) by the Taylor polynomial. */
function expReduced(rh: number, rl: number): void {
  let q = INVERSE_FACTORIAL_HI[DEGREE]!;
  for (let n = DEGREE - 1; n >= DOUBLE_TERMS_FROM; n--) q = q * rh + INVERSE_FACTORIAL_HI[n]!;
  let sh = q;
  let sl = 0;
  for (let n = DOUBLE_TERMS_FROM - 1; n >= 0; n--) {
    mul(sh, sl, rh, rl);
    add(R[0], R[1], INVERSE_FACTORIAL_HI[n]!, INVERSE_FACTORIAL_LO[n]!);
    sh = R[0];
    sl = R[1];
  }
}

/** (R[0], R[1]) = exp(xh + xl) / 2^m; returns m. For moderate arguments. */
function expScaled(xh: number, xl: number): number {
  const k = Math.round(xh * (TABLE_SIZE / LN2_HI));
  twoProd(LN2_HI / TABLE_SIZE, -k);
  const ph = R[0];
  const pl = R[1] + (LN2_LO / TABLE_SIZE) * -k;
  add(xh, xl, ph, pl);
  expReduced(R[0], R[1]);
  const j = k & (TABLE_SIZE - 1);
  mul(R[0], R[1], POWER_HI[j]!, POWER_LO[j]!);
  return (k - j) / TABLE_SIZE;
}

{
  let fh = 1;
  let fl = 0;
  for (let n = 0; n <= DEGREE; n++) {
    if (n > 0) {
      div(fh, fl, n, 0);
      fh = R[0];
      fl = R[1];
    }
    INVERSE_FACTORIAL_HI.push(fh);
    INVERSE_FACTORIAL_LO.push(fl);
  }
  for (let n = 0; n < 64; n++) {
    div(1, 0, 2 * n + 1, 0);
    INVERSE_ODD_HI.push(R[0]);
    INVERSE_ODD_LO.push(R[1]);
  }
  // 2^(j/64) = exp(j ln2 / 64) = exp(j ln2 / 2^14)^256: the polynomial on a tiny argument, squared 8 times.
  for (let j = 0; j < TABLE_SIZE; j++) {
    const scale = j / (TABLE_SIZE * 256);
    twoProd(LN2_HI, scale);
    expReduced(R[0], R[1] + LN2_LO * scale);
    let ph = R[0];
    let pl = R[1];
    for (let i = 0; i < 8; i++) {
      mul(ph, pl, ph, pl);
      ph = R[0];
      pl = R[1];
    }
    POWER_HI.push(ph);
    POWER_LO.push(pl);
  }
}

/** v * 2^k without overflowing the power of two itself. */
const scaleByPowerOfTwo = (v: number, k: number): number => (k > 1000 ? v * 2 ** (k - 100) * 2 ** 100 : v * 2 ** k);

const MIN_NORMAL = 2.2250738585072014e-308;
const isNormalResult = (x: number): boolean => Number.isFinite(x) && Math.abs(x) >= MIN_NORMAL;

/** exp(x) */
export function exp(x: number): number {
  const approximate = Math.exp(x);
  if (!isNormalResult(approximate) || x === 0) return approximate;
  const k = expScaled(x, 0);
  return scaleByPowerOfTwo(R[0] + R[1], k);
}

/** (R[0], R[1]) = ln(x) for finite x > 0 (normal). */
function lnDD(x: number): void {
  if (x > 0.9 && x < 1.1) {
    // ln x = 2 atanh(z), z = (x - 1) / (x + 1); x - 1 is exact here.
    twoSum(x, 1);
    div(x - 1, 0, R[0], R[1]);
    const zh = R[0];
    const zl = R[1];
    mul(zh, zl, zh, zl);
    const z2h = R[0];
    const z2l = R[1];
    let ph = zh;
    let pl = zl;
    let sh = zh;
    let sl = zl;
    for (let n = 1; n < 64; n++) {
      mul(ph, pl, z2h, z2l);
      ph = R[0];
      pl = R[1];
      mul(ph, pl, INVERSE_ODD_HI[n]!, INVERSE_ODD_LO[n]!);
      const th = R[0];
      add(sh, sl, th, R[1]);
      sh = R[0];
      sl = R[1];
      if (Math.abs(th) < Math.abs(sh) * 1e-34) break;
    }
    R[0] = sh * 2;
    R[1] = sl * 2;
    return;
  }
  // One Newton step from Math.log doubles the accurate bits: y + (x e^-y - 1).
  const y = Math.log(x);
  const k = expScaled(-y, 0);
  mul(R[0], R[1], x * 2 ** k, 0);
  add(R[0], R[1], -1, 0);
  add(y, 0, R[0], R[1]);
}

/** ln(x) */
export function ln(x: number): number {
  if (!(x >= MIN_NORMAL) || !Number.isFinite(x) || x === 1) return Math.log(x);
  lnDD(x);
  return R[0] + R[1];
}

/** x^y for finite x and y where x is positive or y an integer. */
export function pow(x: number, y: number): number {
  const approximate = Math.pow(x, y);
  if (!isNormalResult(approximate) || !Number.isFinite(x) || !Number.isFinite(y) || x === 0 || y === 0 || y === 1) {
    return approximate;
  }
  const magnitude = Math.abs(x);
  if (magnitude < MIN_NORMAL) return approximate;
  const negative = x < 0 && Math.abs(y % 2) === 1;
  lnDD(magnitude);
  mul(R[0], R[1], y, 0);
  const k = expScaled(R[0], R[1]);
  const result = scaleByPowerOfTwo(R[0] + R[1], k);
  return negative ? -result : result;
}
