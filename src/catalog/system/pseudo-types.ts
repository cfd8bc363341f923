// PostgreSQL's pseudo-types that Tally's function signatures and clients' catalog queries name, as pg_type shows them.

/**
 * The polymorphic pseudo-types a built-in function's parameter or result may have, and `trigger`, the result type
 * of trigger functions, which psql's \df names (`'pg_catalog.trigger'::regtype`) to leave them out; Tally has none.
 */
export type PseudoType = 'any' | 'anyelement' | 'anyarray' | 'anynonarray' | 'anycompatible' | 'anycompatiblearray' | 'trigger';

/** One pseudo-type with what pg_type says of it in PostgreSQL 15. */
export interface PseudoTypeInfo {
  readonly oid: number;
  readonly name: PseudoType;
  /** The array-like ones are varlena values aligned as doubles; the rest are 4-byte placeholders passed by value. */
  readonly arrayLike: boolean;
  /** Only the array-like ones have binary I/O. */
  readonly binaryIo: boolean;
}

export const PSEUDO_TYPES: readonly PseudoTypeInfo[] = [
  { oid: 2276, name: 'any', arrayLike: false, binaryIo: false },
  { oid: 2277, name: 'anyarray', arrayLike: true, binaryIo: true },
  { oid: 2279, name: 'trigger', arrayLike: false, binaryIo: false },
  { oid: 2283, name: 'anyelement', arrayLike: false, binaryIo: false },
  { oid: 2776, name: 'anynonarray', arrayLike: false, binaryIo: false },
  { oid: 5077, name: 'anycompatible', arrayLike: false, binaryIo: false },
  { oid: 5078, name: 'anycompatiblearray', arrayLike: true, binaryIo: true },
];

const BY_NAME: ReadonlyMap<string, PseudoTypeInfo> = new Map(PSEUDO_TYPES.map((type) => [type.name, type]));
const BY_OID: ReadonlyMap<number, PseudoTypeInfo> = new Map(PSEUDO_TYPES.map((type) => [type.oid, type]));

export const isPseudoType = (name: string): name is PseudoType => BY_NAME.has(name);

export const pseudoTypeOid = (name: PseudoType): number => BY_NAME.get(name)!.oid;

/** The OID of a pseudo-type's name, as regtype input reads it; undefined for other names. */
export const pseudoTypeOidByName = (name: string): number | undefined => BY_NAME.get(name)?.oid;

/** format_type's text for a pseudo-type OID: `any` is a reserved word, so it is quoted. Undefined for other OIDs. */
export function pseudoTypeText(oid: number): string | undefined {
  const type = BY_OID.get(oid);
  if (!type) return undefined;
  return type.name === 'any' ? '"any"' : type.name;
}
