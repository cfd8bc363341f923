// Compiles bound expressions, once per plan, into JS closures evaluated per row.
import { isDataError } from '../types/error.js';
import type { Numeric } from '../types/numeric.js';
import type { Row, Value } from '../types/value.js';
import { divRoundParts, type DivRound } from './div-round.js';
import type { BoundExpr } from './expr.js';
import { isConstant } from './expr.js';

/** A compiled expression: evaluates one row. */
export type CompiledExpr = (row: Row) => Value;

export interface CompileOptions {
  /**
   * Views evaluate in non-strict mode, as RisingWave does: a data error (division by zero, a bad cast) in one
   * row makes that expression NULL instead of stopping the view; `onDataError` is told about it.
   */
  readonly nonStrict: boolean;
  readonly onDataError?: (err: Error) => void;
  /** Values of `$n` parameters, 1-based in SQL, 0-based here. */
  readonly params?: readonly Value[];
}

const STRICT: CompileOptions = { nonStrict: false };

/** The closures compiled for plain column references, with their column. */
const columnReads = new WeakMap<CompiledExpr, number>();

/**
 * The column that `compiled` returns as is (`row[column] ?? null`), or -1 when it computes something else:
 * operators that evaluate every expression of every row (Project) copy such columns in place of the call.
 */
export function columnReadIndex(compiled: CompiledExpr): number {
  return columnReads.get(compiled) ?? -1;
}

/** Compiles `expr`. Constant subtrees are evaluated once, here. */
export function compileExpr(expr: BoundExpr, options: CompileOptions = STRICT): CompiledExpr {
  return new Compiler(options).compile(expr);
}

/** Compiles a predicate: the closure returns true only when the expression is TRUE (not NULL, not FALSE). */
export function compilePredicate(expr: BoundExpr, options: CompileOptions = STRICT): (row: Row) => boolean {
  const fn = compileExpr(expr, options);
  return (row) => fn(row) === true;
}

class Compiler {
  constructor(private readonly options: CompileOptions) {}

  compile(expr: BoundExpr): CompiledExpr {
    if (expr.kind !== 'literal' && isConstant(expr)) {
      const value = this.guard(this.compileNode(expr))([]);
      return () => value;
    }
    return this.compileNode(expr);
  }

  /** In non-strict mode, turns data errors raised by `fn` into NULL. */
  private guard(fn: CompiledExpr): CompiledExpr {
    if (!this.options.nonStrict) return fn;
    const onDataError = this.options.onDataError;
    return (row) => {
      try {
        return fn(row);
      } catch (err) {
        if (!isDataError(err)) throw err;
        onDataError?.(err);
        return null;
      }
    };
  }

  private compileNode(expr: BoundExpr): CompiledExpr {
    switch (expr.kind) {
      case 'column': {
        const index = expr.index;
        const read: CompiledExpr = (row) => row[index] ?? null;
        columnReads.set(read, index);
        return read;
      }
      case 'literal': {
        const value = expr.value;
        return () => value;
      }
      case 'parameter': {
        const value = this.options.params?.[expr.index] ?? null;
        return () => value;
      }
      case 'call':
        return this.guard(this.compileCall(expr));
      case 'cast': {
        const arg = this.compile(expr.arg);
        const cast = expr.cast;
        return this.guard((row) => {
          const v = arg(row);
          return v === null ? null : cast(v);
        });
      }
      case 'and':
        return this.compileAnd(expr.args.map((a) => this.compile(a)));
      case 'or':
        return this.compileOr(expr.args.map((a) => this.compile(a)));
      case 'not': {
        const arg = this.compile(expr.arg);
        return (row) => {
          const v = arg(row);
          return v === null ? null : !v;
        };
      }
      case 'isNull': {
        const arg = this.compile(expr.arg);
        return expr.negated ? (row) => arg(row) !== null : (row) => arg(row) === null;
      }
      case 'isBoolean': {
        const arg = this.compile(expr.arg);
        const target = expr.value;
        const negated = expr.negated;
        return (row) => (arg(row) === target) !== negated;
      }
      case 'isDistinctFrom': {
        const left = this.compile(expr.left);
        const right = this.compile(expr.right);
        const equals = expr.equals;
        const negated = expr.negated;
        return (row) => {
          const a = left(row);
          const b = right(row);
          let distinct: boolean;
          if (a === null || b === null) distinct = a !== b;
          else distinct = !equals(a, b);
          return distinct !== negated;
        };
      }
      case 'case':
        return this.compileCase(expr);
      case 'coalesce': {
        const args = expr.args.map((a) => this.compile(a));
        return (row) => {
          for (let i = 0; i < args.length; i++) {
            const v = args[i]!(row);
            if (v !== null) return v;
          }
          return null;
        };
      }
      case 'inList':
        return this.compileInList(expr);
      case 'array': {
        const elements = expr.elements.map((e) => this.compile(e));
        return (row) => elements.map((e) => e(row));
      }
      case 'subscript': {
        const arg = this.compile(expr.arg);
        const index = this.compile(expr.index);
        return (row) => {
          const a = arg(row);
          const i = index(row);
          if (a === null || i === null || !Array.isArray(a)) return null;
          return (a as readonly Value[])[Number(i) - 1] ?? null;
        };
      }
    }
  }

  private compileCall(expr: Extract<BoundExpr, { kind: 'call' }>): CompiledExpr {
    const divRound = divRoundParts(expr, (constant) => this.compile(constant)([]));
    if (divRound !== undefined) return this.compileDivRound(divRound);
    const fn = expr.fn;
    const constants = expr.args.map((a) => (isConstant(a) ? this.compile(a)([]) : undefined));
    const impl = fn.specialize ? fn.specialize(constants) : fn.impl;
    const args = expr.args.map((a) => this.compile(a));
    if (fn.variadic) {
      const strict = fn.strict;
      return (row) => {
        const values = args.map((a) => a(row));
        if (strict && values.includes(null)) return null;
        return impl(values as unknown as Value);
      };
    }
    if (!fn.strict) {
      switch (args.length) {
        case 0: return () => impl();
        case 1: { const [a] = args as [CompiledExpr]; return (row) => impl(a(row)); }
        case 2: { const [a, b] = args as [CompiledExpr, CompiledExpr]; return (row) => impl(a(row), b(row)); }
        default: return (row) => impl(...args.map((a) => a(row)));
      }
    }
    return strictCall(impl, args);
  }

  /** round(a / b [* 10^k], s) in one step: the same NULLs, errors and result as the three calls. */
  private compileDivRound(parts: DivRound): CompiledExpr {
    const shift = parts.shift;
    const to = parts.to;
    const divRound = (a: Value, b: Value): Value => (a as Numeric).divRound(b as Numeric, shift, to);
    return strictCall(divRound, [this.compile(parts.dividend), this.compile(parts.divisor)]);
  }

  private compileAnd(args: CompiledExpr[]): CompiledExpr {
    if (args.length === 2) {
      const [a, b] = args as [CompiledExpr, CompiledExpr];
      return (row) => {
        const x = a(row);
        if (x === false) return false;
        const y = b(row);
        if (y === false) return false;
        return x === null || y === null ? null : true;
      };
    }
    return (row) => {
      let sawNull = false;
      for (let i = 0; i < args.length; i++) {
        const v = args[i]!(row);
        if (v === false) return false;
        if (v === null) sawNull = true;
      }
      return sawNull ? null : true;
    };
  }

  private compileOr(args: CompiledExpr[]): CompiledExpr {
    return (row) => {
      let sawNull = false;
      for (let i = 0; i < args.length; i++) {
        const v = args[i]!(row);
        if (v === true) return true;
        if (v === null) sawNull = true;
      }
      return sawNull ? null : false;
    };
  }

  private compileCase(expr: Extract<BoundExpr, { kind: 'case' }>): CompiledExpr {
    const whens = expr.whens.map((w) => this.compile(w.when));
    const thens = expr.whens.map((w) => this.compile(w.then));
    const otherwise = this.compile(expr.else);
    return (row) => {
      for (let i = 0; i < whens.length; i++) {
        if (whens[i]!(row) === true) return thens[i]!(row);
      }
      return otherwise(row);
    };
  }

  private compileInList(expr: Extract<BoundExpr, { kind: 'inList' }>): CompiledExpr {
    const arg = this.compile(expr.arg);
    const negated = expr.negated;
    if (expr.keyOf && expr.list.every(isConstant)) {
      // Constant list: one hash lookup per row instead of a scan.
      const keyOf = expr.keyOf;
      const values = expr.list.map((e) => this.compile(e)([]));
      const hasNull = values.includes(null);
      const set = new Set(values.filter((v) => v !== null).map((v) => keyOf(v)));
      return (row) => {
        const v = arg(row);
        if (v === null) return null;
        if (set.has(keyOf(v))) return !negated;
        return hasNull ? null : negated;
      };
    }
    const list = expr.list.map((e) => this.compile(e));
    const equals = expr.equals;
    return (row) => {
      const v = arg(row);
      if (v === null) return null;
      let sawNull = false;
      for (let i = 0; i < list.length; i++) {
        const item = list[i]!(row);
        if (item === null) sawNull = true;
        else if (equals(v, item)) return !negated;
      }
      return sawNull ? null : negated;
    };
  }
}

/** A strict call of `impl` (PostgreSQL's STRICT): NULL, without calling it, when any argument is NULL. */
function strictCall(impl: (...args: Value[]) => Value, args: readonly CompiledExpr[]): CompiledExpr {
  switch (args.length) {
    case 0:
      return () => impl();
    case 1: {
      const [a] = args as [CompiledExpr];
      return (row) => {
        const x = a(row);
        return x === null ? null : impl(x);
      };
    }
    case 2: {
      const [a, b] = args as [CompiledExpr, CompiledExpr];
      return (row) => {
        const x = a(row);
        if (x === null) return null;
        const y = b(row);
        return y === null ? null : impl(x, y);
      };
    }
    case 3: {
      const [a, b, c] = args as [CompiledExpr, CompiledExpr, CompiledExpr];
      return (row) => {
        const x = a(row);
        if (x === null) return null;
        const y = b(row);
        if (y === null) return null;
        const z = c(row);
        return z === null ? null : impl(x, y, z);
      };
    }
    default:
      return (row) => {
        const values = args.map((a) => a(row));
        return values.includes(null) ? null : impl(...values);
      };
  }
}
