// current_user, current_database() and friends: read from a session description the engine may replace.
import { defineFunction } from './function-def.js';
import type { FunctionDef } from './function-def.js';

/**
 * The values the session functions report. The engine (or the server, per connection) may assign new values;
 * the functions read them at each call, so they are volatile.
 */
export const sessionInfo: { user: string; database: string; schema: string } = {
  // RisingWave's default user and database, which a Tally server gives clients that name none.
  user: 'root',
  database: 'dev',
  schema: 'public',
};

const volatile = { volatile: true } as const;

export const sessionFunctions: readonly FunctionDef[] = [
  ...['current_user', 'current_role', 'session_user', 'user'].map((name) =>
    defineFunction(name, [], 'varchar', () => sessionInfo.user, volatile),
  ),
  ...['current_catalog', 'current_database'].map((name) => defineFunction(name, [], 'varchar', () => sessionInfo.database, volatile)),
  defineFunction('current_schema', [], 'varchar', () => sessionInfo.schema, volatile),
];
