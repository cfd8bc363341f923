// PostgreSQL log sequence numbers: 64-bit WAL positions, written `16/B374D848` as the server prints them.

/** The WAL position before any record. */
export const ZERO_LSN = 0n;

const LSN_TEXT = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

/** `high/low` in upper-case hexadecimal, as `pg_current_wal_lsn()` prints it. */
export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** Parses `high/low`; undefined when `text` is not an LSN. */
export function parseLsn(text: string): bigint | undefined {
  const match = LSN_TEXT.exec(text);
  if (!match) return undefined;
  return (BigInt(`0x${match[1]!}`) << 32n) | BigInt(`0x${match[2]!}`);
}
