// C's rint() under the default rounding mode, which PostgreSQL's datetime and float code rely on.

/** Rounds to the nearest integer; halves go to the even neighbour. */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}
