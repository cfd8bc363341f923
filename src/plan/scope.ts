// Name resolution scopes: the columns visible to an expression, with their table qualifiers.
import type { Span } from '../sql/ast.js';
import type { DataType } from '../types/data-type.js';
import { SqlError } from '../types/error.js';
import type { Value } from '../types/value.js';

export interface ScopeColumn {
  /** Table name or alias the column is reachable through (`t` in `t.a`); undefined for derived columns. */
  readonly qualifier?: string;
  readonly name: string;
  readonly type: DataType;
  readonly hidden: boolean;
  /**
   * Reachable through its qualifier only: `a.k` of `a JOIN b USING (k)`, whose bare `k` is the merged column.
   * Neither a bare name nor `*` finds it; `a.*` does.
   */
  readonly qualifiedOnly?: boolean;
}

/** Column references of correlated subqueries point past the inner row: index = OUTER_BASE + outer index. */
export const OUTER_BASE = 1 << 24;

export interface ResolvedColumn {
  readonly index: number;
  readonly type: DataType;
  /** Set for a column of an outer row whose values are known (see OuterRow): the reference is this constant. */
  readonly value?: { readonly value: Value };
}

/**
 * The values of one row of an enclosing query, for a subquery bound once per outer row (correlated subqueries of
 * batch queries): references to its columns bind as constants, and the columns read are recorded.
 */
export class OuterRow {
  /** Indexes of the columns the subquery read. */
  readonly used = new Set<number>();

  constructor(readonly values: readonly Value[]) {}

  read(index: number): Value {
    this.used.add(index);
    return this.values[index] ?? null;
  }
}

/**
 * The columns of one row shape; `outer` is the enclosing query's scope for correlated subqueries. A scope with a
 * `row` stands for one row of known values (an OuterRow).
 */
export class Scope {
  constructor(
    readonly columns: readonly ScopeColumn[],
    readonly outer?: Scope,
    readonly row?: OuterRow,
  ) {}

  /** Resolves `a`, `t.a` or `s.t.a`; throws PostgreSQL's errors for missing or ambiguous names. */
  resolve(parts: readonly string[], span: Span): ResolvedColumn {
    const found = this.lookup(parts, span);
    if (found) return found;
    if (this.outer) {
      const outer = this.outer.lookup(parts, span);
      if (outer) {
        if (this.outer.row) return { index: outer.index, type: outer.type, value: { value: this.outer.row.read(outer.index) } };
        if (outer.index >= OUTER_BASE) {
          throw new SqlError('feature_not_supported', 'correlated references more than one level deep are not supported', { position: span.start });
        }
        return { index: OUTER_BASE + outer.index, type: outer.type };
      }
      // Deeper enclosing rows of known values are constants too.
      for (let scope = this.outer.outer; scope; scope = scope.outer) {
        const deeper = scope.lookup(parts, span);
        if (!deeper) continue;
        if (scope.row) return { index: deeper.index, type: deeper.type, value: { value: scope.row.read(deeper.index) } };
        throw new SqlError('feature_not_supported', 'correlated references more than one level deep are not supported', { position: span.start });
      }
    }
    const name = parts.join('.');
    if (parts.length > 1) {
      const qualifier = parts[parts.length - 2]!;
      if (!this.hasQualifier(qualifier)) {
        throw new SqlError('undefined_table', `missing FROM-clause entry for table "${qualifier}"`, { position: span.start });
      }
    }
    throw new SqlError('undefined_column', `column "${name}" does not exist`, { position: span.start });
  }

  private hasQualifier(qualifier: string): boolean {
    return this.columns.some((c) => c.qualifier === qualifier) || (this.outer?.hasQualifier(qualifier) ?? false);
  }

  /** Looks the name up in this scope only. */
  lookup(parts: readonly string[], span: Span): ResolvedColumn | undefined {
    const name = parts[parts.length - 1]!;
    const qualifier = parts.length > 1 ? parts[parts.length - 2] : undefined;
    let match = -1;
    for (let i = 0; i < this.columns.length; i++) {
      const col = this.columns[i]!;
      if (col.name !== name) continue;
      if (qualifier === undefined ? col.qualifiedOnly : col.qualifier !== qualifier) continue;
      if (match >= 0) {
        throw new SqlError('ambiguous_column', `column reference "${parts.join('.')}" is ambiguous`, { position: span.start });
      }
      match = i;
    }
    return match >= 0 ? { index: match, type: this.columns[match]!.type } : undefined;
  }

  /** Indexes of the columns `*` (qualifier undefined) or `t.*` expands to. */
  expandWildcard(qualifier: string | undefined, span: Span): number[] {
    const out: number[] = [];
    this.columns.forEach((col, i) => {
      if (col.hidden) return;
      if (qualifier === undefined ? col.qualifiedOnly : col.qualifier !== qualifier) return;
      out.push(i);
    });
    if (qualifier !== undefined && out.length === 0 && !this.columns.some((c) => c.qualifier === qualifier)) {
      throw new SqlError('undefined_table', `missing FROM-clause entry for table "${qualifier}"`, { position: span.start });
    }
    return out;
  }

  /** The same columns reachable under a new alias (a subquery or aliased table in FROM). */
  requalify(alias: string | undefined, columnNames?: readonly string[]): Scope {
    return new Scope(
      // A column reachable through its old qualifier only is not reachable through the new one at all.
      this.columns.map((c, i) => ({ ...c, qualifier: c.qualifiedOnly ? undefined : alias, name: columnNames?.[i] ?? c.name })),
      this.outer,
    );
  }

  withOuter(outer: Scope | undefined): Scope {
    return new Scope(this.columns, outer);
  }

  concat(other: Scope): Scope {
    return new Scope([...this.columns, ...other.columns], this.outer);
  }
}
