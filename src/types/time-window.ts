// Window arithmetic on timestamps (µs): TUMBLE's and HOP's window bounds, shared by the planner and operators.

/** `a` divided by `b > 0`, rounded towards negative infinity (bigint division truncates towards zero). */
function floorDiv(a: bigint, b: bigint): bigint {
  const quotient = a / b;
  return a % b < 0n ? quotient - 1n : quotient;
}

/**
 * The start of the tumbling window of `size` µs containing time `t`, windows aligned so that
 * start ≡ offset (mod size), as RisingWave's TUMBLE: correct for times before 1970 (negative `t`).
 */
export function tumbleStart(t: bigint, size: bigint, offset: bigint): bigint {
  return floorDiv(t - offset, size) * size + offset;
}

/**
 * `tumbleStart` (edge 'start') or the window's end (edge 'end') as a function of the time alone, for TUMBLE's
 * per-row projection. The arithmetic runs in doubles when every quantity is a safe integer (then it is exact),
 * and the last window is remembered: rows of one window, which mostly arrive together, share its bound and
 * allocate nothing.
 */
export function tumbleWindowBound(size: bigint, offset: bigint, edge: 'start' | 'end'): (t: bigint) => bigint {
  const width = Number(size);
  const shift = Number(offset);
  const exact = width > 0 && Number.isSafeInteger(width) && Number.isSafeInteger(shift);
  // The cached window [low, high) as doubles; empty until the first row.
  let low = 0;
  let high = 0;
  let cached = 0n;
  return (t) => {
    const time = Number(t);
    if (time >= low && time < high) return cached;
    const relative = time - shift;
    if (!exact || !Number.isSafeInteger(time) || !Number.isSafeInteger(relative)) {
      const start = tumbleStart(t, size, offset);
      return edge === 'start' ? start : start + size;
    }
    const remainder = relative % width;
    const start = relative - remainder - (remainder < 0 ? width : 0) + shift;
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(start + width)) {
      const bigStart = tumbleStart(t, size, offset);
      return edge === 'start' ? bigStart : bigStart + size;
    }
    low = start;
    high = start + width;
    cached = BigInt(edge === 'start' ? low : high);
    return cached;
  };
}
