// What executing one statement returns to a client.
import type { DataType } from '../types/data-type.js';
import type { Value } from '../types/value.js';

export interface ResultColumn {
  readonly name: string;
  readonly type: DataType;
}

/** One statement's result: a command tag (`INSERT 0 3`, `CREATE_MATERIALIZED_VIEW`) or rows. */
export type StatementResult =
  | { readonly kind: 'command'; readonly tag: string; readonly notices?: readonly string[] }
  | { readonly kind: 'rows'; readonly tag: string; readonly columns: readonly ResultColumn[]; readonly rows: Value[][] };
