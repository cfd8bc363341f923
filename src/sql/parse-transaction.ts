// Transaction control: BEGIN / START TRANSACTION / COMMIT / END / ROLLBACK / ABORT.
import type { Transaction } from './ast.js';
import type { TokenCursor } from './token-cursor.js';

/** The statement's first keyword, already consumed, and what it does. */
const ACTIONS: ReadonlyMap<string, Transaction['action']> = new Map([
  ['begin', 'begin'],
  ['start', 'start'],
  ['commit', 'commit'],
  ['end', 'commit'],
  ['rollback', 'rollback'],
  ['abort', 'rollback'],
]);

/** Whether `word` opens a transaction control statement. */
export const isTransactionKeyword = (word: string): boolean => ACTIONS.has(word);

/**
 * Parses the rest of a transaction statement whose first keyword `word` has been consumed. Transaction modes
 * are checked for syntax and dropped: every statement applies as it runs.
 */
export function parseTransaction(c: TokenCursor, word: string, start: number): Transaction {
  const action = ACTIONS.get(word)!;
  if (action === 'start') c.expectWord('transaction');
  else if (!c.acceptWord('work')) c.acceptWord('transaction');
  let chain = false;
  if (action === 'begin' || action === 'start') {
    parseTransactionModes(c);
  } else {
    if (action === 'rollback' && c.isWord('to')) c.unsupported('ROLLBACK TO SAVEPOINT');
    if (c.acceptWord('and')) {
      chain = !c.acceptWord('no');
      c.expectWord('chain');
    }
  }
  return { kind: 'transaction', action, chain, span: c.spanFrom(start) };
}

/** Transaction modes separated by commas or blanks. */
function parseTransactionModes(c: TokenCursor): void {
  if (!parseTransactionMode(c)) return;
  for (;;) {
    if (c.acceptPunct(',')) {
      if (!parseTransactionMode(c)) c.fail();
    } else if (!parseTransactionMode(c)) {
      return;
    }
  }
}

/** `ISOLATION LEVEL level | READ WRITE | READ ONLY | [NOT] DEFERRABLE`; false if none is at the cursor. */
function parseTransactionMode(c: TokenCursor): boolean {
  if (c.acceptWord('isolation')) {
    c.expectWord('level');
    parseIsolationLevel(c);
  } else if (c.acceptWord('read')) {
    if (!c.acceptWord('write')) c.expectWord('only');
  } else if (c.acceptWord('not')) {
    c.expectWord('deferrable');
  } else if (!c.acceptWord('deferrable')) {
    return false;
  }
  return true;
}

function parseIsolationLevel(c: TokenCursor): void {
  if (c.acceptWord('serializable')) return;
  if (c.acceptWord('repeatable')) {
    c.expectWord('read');
    return;
  }
  c.expectWord('read');
  if (!c.acceptWord('committed')) c.expectWord('uncommitted');
}
