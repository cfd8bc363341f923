// Read rights at bind time: the grant check of a relation a query names, and the row scope of every scan.
import { kindName, type CatalogEntry, type RelationEntry } from '../catalog/catalog.js';
import type { ReadAccess } from '../catalog/read-access.js';
import type { ScopeCondition } from '../catalog/users.js';
import type { BoundExpr } from '../expr/expr.js';
import { conjunction } from '../expr/expr.js';
import type * as ast from '../sql/ast.js';
import { SqlError } from '../types/error.js';
import { ExprBinder } from './bind-expr.js';
import { coerce } from './coerce.js';
import { Scope } from './scope.js';

/** PostgreSQL's error for a relation the user may not read (insufficient_privilege, 42501). */
export function permissionDenied(entry: Pick<CatalogEntry, 'kind' | 'name'>, details: { detail?: string; position?: number } = {}): SqlError {
  return new SqlError('insufficient_privilege', `permission denied for ${kindName(entry.kind)} ${entry.name}`, details);
}

/** Throws permission denied unless the user was granted the relation its query names (not one a view reads). */
export function checkGrant(access: ReadAccess, entry: RelationEntry, position: number): void {
  if (!access.canRead(entry.name)) throw permissionDenied(entry, { position });
}

/**
 * The predicate over a relation's columns (hidden ones included, as a scan outputs them) that keeps the rows
 * within the user's scope; undefined without a scope. A relation lacking a scoping column cannot be read at
 * all: its rows carry no owner to check, and an aggregate over them could hold other owners' figures.
 */
export function scopePredicate(access: ReadAccess, entry: RelationEntry, position: number): BoundExpr | undefined {
  if (access.scope.length === 0) return undefined;
  const scope = new Scope(entry.columns.map((c) => ({ qualifier: entry.name, name: c.name, type: c.type, hidden: c.hidden ?? false })));
  const binder = new ExprBinder(scope, { isAggregate: () => false });
  const conditions = access.scope.map((condition) => {
    if (!entry.columns.some((c) => c.name === condition.column && !c.hidden)) {
      throw permissionDenied(entry, {
        detail: `User "${access.user}" reads only rows scoped by column "${condition.column}", which ${kindName(entry.kind)} "${entry.name}" does not have.`,
        position,
      });
    }
    try {
      return coerce(binder.bind(conditionAst(condition)), 'boolean');
    } catch (err) {
      if (!(err instanceof SqlError)) throw err;
      throw permissionDenied(entry, { detail: `The scope of user "${access.user}" does not fit column "${condition.column}": ${err.message}.`, position });
    }
  });
  return conjunction(conditions);
}

const NOWHERE: ast.Span = { start: 0, end: 0 };

/** `column = 'v'` or `column IN ('a', 'b')`, with string literals the binder types as the column's type. */
function conditionAst(condition: ScopeCondition): ast.Expr {
  const column: ast.Expr = { kind: 'identifier', parts: [condition.column], span: NOWHERE };
  const literals: ast.Expr[] = condition.values.map((text) => ({ kind: 'literal', value: { type: 'string', text }, span: NOWHERE }));
  if (literals.length === 1) return { kind: 'binary', op: '=', left: column, right: literals[0]!, span: NOWHERE };
  return { kind: 'inList', expr: column, list: literals, negated: false, span: NOWHERE };
}
