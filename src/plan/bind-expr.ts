// Binds AST expressions to typed expressions: names, literal types, operators, functions and casts.
import { resolveFunction, resolveOperator } from '../expr/function-registry.js';
import type { BoundExpr } from '../expr/expr.js';
import type { SystemContext } from '../catalog/system/system-relation.js';
import type * as ast from '../sql/ast.js';
import { valuesEqual } from '../types/compare.js';
import type { DataType } from '../types/data-type.js';
import { elementType, isArrayType, arrayOf } from '../types/data-type.js';
import { SqlError } from '../types/error.js';
import { Interval } from '../types/interval.js';
import { keyEncoder } from '../types/key.js';
import { Numeric } from '../types/numeric.js';
import { resolveTypeName } from '../types/type-name.js';
import type { Value } from '../types/value.js';
import { bindObjectIdentifierCast, checkCollation, resolveSystemFunction } from './bind-system.js';
import { coerce, resolveCommonType } from './coerce.js';
import type { Scope } from './scope.js';

/** Hooks for constructs whose meaning depends on where the expression sits (aggregates, windows, subqueries). */
export interface ExprHooks {
  aggregate?(call: ast.FunctionCall, binder: ExprBinder): BoundExpr;
  window?(call: ast.FunctionCall, binder: ExprBinder): BoundExpr;
  subquery?(expr: ast.Exists | ast.InSubquery | ast.ScalarSubquery | ast.ArraySubquery | ast.QuantifiedComparison, binder: ExprBinder): BoundExpr;
  isAggregate(name: string): boolean;
}

const WINDOW_ONLY = new Set(['row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead', 'nth_value']);

/** Binds expressions against one scope; `hooks` decide what aggregates, windows and subqueries become. */
export class ExprBinder {
  constructor(
    readonly scope: Scope,
    readonly hooks: ExprHooks,
    readonly params: DataType[] = [],
    /** The catalog as catalog functions and reg* casts see it; without it they are unknown. */
    readonly system?: SystemContext,
  ) {}

  with(scope: Scope, hooks: ExprHooks = this.hooks): ExprBinder {
    return new ExprBinder(scope, hooks, this.params, this.system);
  }

  bind(expr: ast.Expr): BoundExpr {
    switch (expr.kind) {
      case 'identifier': {
        const col = this.scope.resolve(expr.parts, expr.span);
        if (col.value) return { kind: 'literal', value: col.value.value, type: col.type };
        return { kind: 'column', index: col.index, type: col.type };
      }
      case 'literal':
        return bindLiteral(expr);
      case 'typedLiteral': {
        const oidLiteral = this.system && bindObjectIdentifierCast(this.system, expr.type, () => ({ kind: 'literal', value: expr.text, type: 'unknown' }), expr.span.start);
        if (oidLiteral) return oidLiteral;
        const { type, modifier } = resolveTypeName(expr.type.name, expr.type.modifiers, expr.type.isArray);
        return coerce({ kind: 'literal', value: expr.text, type: 'unknown' }, type, expr.span.start, modifier);
      }
      case 'intervalLiteral':
        return { kind: 'literal', value: atPosition(() => Interval.parse(expr.text, expr.fields), expr.span.start), type: 'interval' };
      case 'parameter':
        return this.bindParameter(expr);
      case 'unary':
        return this.bindUnary(expr);
      case 'binary':
        return this.bindBinary(expr);
      case 'function':
        return this.bindFunction(expr);
      case 'cast': {
        const oidCast = this.system && bindObjectIdentifierCast(this.system, expr.type, () => this.bind(expr.expr), expr.span.start);
        if (oidCast) return oidCast;
        const { type, modifier } = resolveTypeName(expr.type.name, expr.type.modifiers, expr.type.isArray);
        return coerce(this.bind(expr.expr), type, expr.span.start, modifier);
      }
      case 'case':
        return this.bindCase(expr);
      case 'inList':
        return this.bindInList(expr);
      case 'between': {
        const value = this.bind(expr.expr);
        const low = this.comparison('>=', value, this.bind(expr.low), expr.span.start);
        const high = this.comparison('<=', value, this.bind(expr.high), expr.span.start);
        let result: BoundExpr = { kind: 'and', args: [low, high], type: 'boolean' };
        if (expr.symmetric) {
          const low2 = this.comparison('<=', value, this.bind(expr.low), expr.span.start);
          const high2 = this.comparison('>=', value, this.bind(expr.high), expr.span.start);
          result = { kind: 'or', args: [result, { kind: 'and', args: [low2, high2], type: 'boolean' }], type: 'boolean' };
        }
        return expr.negated ? { kind: 'not', arg: result, type: 'boolean' } : result;
      }
      case 'like': {
        const op = (expr.negated ? '!' : '') + (expr.caseInsensitive ? '~~*' : '~~');
        const args = [this.bind(expr.expr), this.bind(expr.pattern)];
        if (expr.escape) {
          const fn = resolveFunction(expr.caseInsensitive ? 'ilike_escape' : 'like_escape', [args[0]!.type, args[1]!.type, 'varchar']);
          const call = this.call(fn, [...args, this.bind(expr.escape)], expr.span.start);
          return expr.negated ? { kind: 'not', arg: call, type: 'boolean' } : call;
        }
        return this.call(resolveOperator(op, args[0]!.type, args[1]!.type), args, expr.span.start);
      }
      case 'isNull':
        return { kind: 'isNull', arg: this.bind(expr.expr), negated: expr.negated, type: 'boolean' };
      case 'isBoolean':
        return { kind: 'isBoolean', arg: coerce(this.bind(expr.expr), 'boolean', expr.span.start), value: expr.value, negated: expr.negated, type: 'boolean' };
      case 'isDistinctFrom': {
        const [left, right] = this.unify([this.bind(expr.left), this.bind(expr.right)], 'IS DISTINCT FROM', expr.span.start);
        const type = left.type;
        return { kind: 'isDistinctFrom', left, right, negated: expr.negated, equals: (a: Value, b: Value) => valuesEqual(type, a, b), type: 'boolean' };
      }
      case 'collate': {
        const bound = this.bind(expr.expr);
        checkCollation(expr.collation, bound.type, expr.span.start);
        return bound;
      }
      case 'exists':
      case 'inSubquery':
      case 'scalarSubquery':
      case 'arraySubquery':
        if (!this.hooks.subquery) throw new SqlError('feature_not_supported', 'subqueries are not supported here', { position: expr.span.start });
        return this.hooks.subquery(expr, this);
      case 'quantified':
        return this.bindQuantified(expr);
      case 'extract': {
        const source = this.bind(expr.source);
        const fn = resolveFunction('extract', ['varchar', source.type]);
        return this.call(fn, [{ kind: 'literal', value: expr.field, type: 'varchar' }, source], expr.span.start);
      }
      case 'array': {
        const elements = expr.elements.map((e) => this.bind(e));
        const type = resolveCommonType(elements.map((e) => e.type), 'ARRAY', expr.span.start);
        if (isArrayType(type)) throw new SqlError('feature_not_supported', 'multidimensional arrays are not supported', { position: expr.span.start });
        return { kind: 'array', elements: elements.map((e) => coerce(e, type, expr.span.start)), type: arrayOf(type) };
      }
      case 'subscript': {
        const arg = this.bind(expr.expr);
        if (!isArrayType(arg.type)) {
          throw new SqlError('datatype_mismatch', 'cannot subscript type because it is not an array', { position: expr.span.start });
        }
        return { kind: 'subscript', arg, index: coerce(this.bind(expr.index), 'int4', expr.span.start), type: elementType(arg.type) };
      }
      case 'row':
        throw new SqlError('feature_not_supported', 'row constructors are not supported', { position: expr.span.start });
    }
  }

  private bindParameter(expr: ast.Parameter): BoundExpr {
    const type = this.params[expr.index - 1] ?? 'unknown';
    return { kind: 'parameter', index: expr.index - 1, type };
  }

  private bindUnary(expr: ast.UnaryOp): BoundExpr {
    if (expr.op === 'not') {
      return { kind: 'not', arg: coerce(this.bind(expr.operand), 'boolean', expr.span.start), type: 'boolean' };
    }
    if (expr.op === '-' && expr.operand.kind === 'literal' && expr.operand.value.type === 'number') {
      return bindLiteral({ ...expr.operand, value: { type: 'number', text: `-${expr.operand.value.text}` } });
    }
    if (expr.op === '+') return this.bind(expr.operand);
    const operand = this.bind(expr.operand);
    return this.call(resolveOperator(expr.op, undefined, operand.type), [operand], expr.span.start);
  }

  private bindBinary(expr: ast.BinaryOp): BoundExpr {
    if (expr.op === 'and' || expr.op === 'or') {
      const args: BoundExpr[] = [];
      // Flatten chains so that long AND lists compile to one closure.
      const collect = (e: ast.Expr): void => {
        if (e.kind === 'binary' && e.op === expr.op) {
          collect(e.left);
          collect(e.right);
        } else {
          args.push(coerce(this.bind(e), 'boolean', e.span.start));
        }
      };
      collect(expr);
      return { kind: expr.op, args, type: 'boolean' };
    }
    const left = this.bind(expr.left);
    const right = this.bind(expr.right);
    return this.comparison(expr.op, left, right, expr.span.start);
  }

  /** Binds `left op right` for any binary operator (the name reflects its most common use). */
  comparison(op: string, left: BoundExpr, right: BoundExpr, position: number): BoundExpr {
    const fn = atPosition(() => resolveOperator(op, left.type, right.type), position);
    return this.call(fn, [left, right], position);
  }

  call(fn: ReturnType<typeof resolveFunction>, args: readonly BoundExpr[], position: number): BoundExpr {
    const cast = args.map((a, i) => coerce(a, fn.argTypes[i] ?? fn.argTypes[fn.argTypes.length - 1] ?? a.type, position));
    return { kind: 'call', fn, args: cast, type: fn.returnType };
  }

  private bindFunction(expr: ast.FunctionCall): BoundExpr {
    const name = expr.name.parts[expr.name.parts.length - 1]!;
    if (expr.over) {
      if (!this.hooks.window) throw new SqlError('feature_not_supported', 'window functions are not allowed here', { position: expr.span.start });
      return this.hooks.window(expr, this);
    }
    if (this.hooks.isAggregate(name)) {
      if (!this.hooks.aggregate) {
        throw new SqlError('grouping_error', `aggregate functions are not allowed here`, { position: expr.span.start });
      }
      return this.hooks.aggregate(expr, this);
    }
    if (WINDOW_ONLY.has(name)) {
      throw new SqlError('grouping_error', `window function ${name} requires an OVER clause`, { position: expr.span.start });
    }
    if (expr.distinct || expr.filter || expr.orderBy.length > 0 || expr.withinGroup.length > 0) {
      throw new SqlError('undefined_function', `${name} is not an aggregate function`, { position: expr.span.start });
    }
    switch (name) {
      case 'coalesce': {
        const args = this.unify(expr.args.map((a) => this.bind(a)), 'COALESCE', expr.span.start);
        return { kind: 'coalesce', args, type: args[0]!.type };
      }
      case 'nullif': {
        if (expr.args.length !== 2) throw new SqlError('undefined_function', 'function nullif requires two arguments', { position: expr.span.start });
        const [a, b] = this.unify(expr.args.map((x) => this.bind(x)), 'NULLIF', expr.span.start) as [BoundExpr, BoundExpr];
        const eq = this.comparison('=', a, b, expr.span.start);
        return { kind: 'case', whens: [{ when: eq, then: { kind: 'literal', value: null, type: a.type } }], else: a, type: a.type };
      }
      case 'greatest':
      case 'least': {
        const args = this.unify(expr.args.map((a) => this.bind(a)), name.toUpperCase(), expr.span.start);
        return this.call(resolveFunction(name, args.map((a) => a.type)), args, expr.span.start);
      }
    }
    const args = expr.args.map((a) => this.bind(a));
    const qualified = expr.name.parts.join('.');
    const system = this.system;
    const fn = atPosition(() => (system && resolveSystemFunction(system, qualified, args.map((a) => a.type))) ?? resolveFunction(qualified, args.map((a) => a.type)), expr.span.start);
    return this.call(fn, args, expr.span.start);
  }

  private bindCase(expr: ast.Case): BoundExpr {
    const operand = expr.operand ? this.bind(expr.operand) : undefined;
    const whens = expr.whens.map((w) =>
      operand ? this.comparison('=', operand, this.bind(w.when), w.when.span.start) : coerce(this.bind(w.when), 'boolean', w.when.span.start),
    );
    const results = expr.whens.map((w) => this.bind(w.then));
    const otherwise: BoundExpr = expr.else ? this.bind(expr.else) : { kind: 'literal', value: null, type: 'unknown' };
    const all = this.unify([...results, otherwise], 'CASE', expr.span.start);
    return {
      kind: 'case',
      whens: whens.map((when, i) => ({ when, then: all[i]! })),
      else: all[all.length - 1]!,
      type: all[0]!.type,
    };
  }

  private bindInList(expr: ast.InList): BoundExpr {
    const all = this.unify([this.bind(expr.expr), ...expr.list.map((e) => this.bind(e))], 'IN', expr.span.start);
    const [arg, ...list] = all as [BoundExpr, ...BoundExpr[]];
    const type = arg.type;
    const encode = keyEncoder([type], [0]);
    const scratch: Value[] = [null];
    return {
      kind: 'inList',
      arg,
      list,
      negated: expr.negated,
      equals: (a, b) => valuesEqual(type, a, b),
      keyOf: (v) => {
        scratch[0] = v;
        return encode(scratch);
      },
      type: 'boolean',
    };
  }

  private bindQuantified(expr: ast.QuantifiedComparison): BoundExpr {
    if (expr.subject.kind === 'query') {
      if (!this.hooks.subquery) throw new SqlError('feature_not_supported', 'subqueries are not supported here', { position: expr.span.start });
      return this.hooks.subquery(expr, this);
    }
    const left = this.bind(expr.expr);
    const array = this.bind(expr.subject.expr);
    const fn = resolveFunction(expr.quantifier === 'any' ? 'any_op' : 'all_op', ['varchar', left.type, array.type]);
    return this.call(fn, [{ kind: 'literal', value: expr.op, type: 'varchar' }, left, array], expr.span.start);
  }

  /** Casts every expression to their common type (untyped literals adopt it). */
  unify(exprs: readonly BoundExpr[], what: string, position: number): BoundExpr[] {
    const type = resolveCommonType(exprs.map((e) => e.type), what, position);
    return exprs.map((e) => coerce(e, type, position));
  }
}

/** Types a literal as PostgreSQL does: integers as int4/int8/numeric by size, decimals as numeric, strings untyped. */
export function bindLiteral(expr: ast.Literal): BoundExpr {
  const v = expr.value;
  switch (v.type) {
    case 'null':
      return { kind: 'literal', value: null, type: 'unknown' };
    case 'boolean':
      return { kind: 'literal', value: v.value, type: 'boolean' };
    case 'string':
      return { kind: 'literal', value: v.text, type: 'unknown' };
    case 'number': {
      if (/^-?\d+$/.test(v.text)) {
        const big = BigInt(v.text);
        if (big >= -2147483648n && big <= 2147483647n) return { kind: 'literal', value: Number(big), type: 'int4' };
        if (big >= -9223372036854775808n && big <= 9223372036854775807n) return { kind: 'literal', value: big, type: 'int8' };
      }
      return { kind: 'literal', value: atPosition(() => Numeric.parse(v.text), expr.span.start), type: 'numeric' };
    }
  }
}

function atPosition<T>(fn: () => T, position: number): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SqlError && err.position === undefined) err.position = position;
    throw err;
  }
}
