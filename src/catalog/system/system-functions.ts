// PostgreSQL's catalog information functions (format_type, pg_table_is_visible, pg_get_viewdef...) over Tally's catalog.
import type { DataType } from '../../types/data-type.js';
import { SqlError } from '../../types/error.js';
import type { Value } from '../../types/value.js';
import { formatType } from './builtin-types.js';
import { FUNCTION_INFO_FUNCTIONS } from './function-info.js';
import { ENCODING_NAMES, NAMESPACE_OIDS, USER_SCHEMA } from './object-ids.js';
import { constraintDefinition, primaryKeys } from './pg-constraint.js';
import { roleName } from './pg-roles.js';
import { relationByName, relationByOid } from './relation-info.js';
import { RELATION_SIZE_FUNCTIONS } from './relation-size.js';
import { SIZE_PRETTY_FUNCTIONS } from './size-pretty.js';
import { DATABASE_FUNCTIONS } from './database-functions.js';
import type { SystemContext } from './system-relation.js';
import { viewDefinition } from './view-definition.js';

/** One overload of a catalog function: its signature and its implementation over a statement's context. */
export interface SystemFunction {
  readonly name: string;
  readonly params: readonly DataType[];
  readonly returns: DataType;
  /** Not strict: called with NULL arguments too (format_type's NULL type modifier). Strict by default. */
  readonly lenient?: boolean;
  readonly impl: (context: SystemContext) => (...args: Value[]) => Value;
}

/**
 * OID parameters are int8, so that an argument of any integer type resolves (PostgreSQL casts int2, int4 and int8
 * to oid implicitly) while OIDs are int4 values; `oidOf` reads the argument.
 */
const OID: DataType = 'int8';
const oidOf = (value: Value): number => Number(value as bigint);

const fn = (name: string, params: readonly DataType[], returns: DataType, impl: SystemFunction['impl'], lenient?: boolean): SystemFunction => ({
  name,
  params,
  returns,
  impl,
  ...(lenient ? { lenient } : {}),
});

/**
 * Whether a relation is found by its unqualified name: the search path is pg_catalog then public, so relations
 * of those schemas are visible and information_schema's are not. NULL for an OID that names no relation, as in
 * PostgreSQL.
 */
function tableIsVisible(context: SystemContext, oid: number): boolean | null {
  const relation = relationByOid(context, oid);
  if (!relation) return null;
  return relation.schema === 'pg_catalog' || relation.schema === USER_SCHEMA;
}

function viewDefinitionOf(context: SystemContext, oid: number): string | null {
  const relation = relationByOid(context, oid);
  return (relation?.entry && viewDefinition(relation.entry)) ?? null;
}

function viewDefinitionByName(context: SystemContext, name: string): string | null {
  const dot = name.lastIndexOf('.');
  const relation = relationByName(context, dot < 0 ? undefined : name.slice(0, dot), dot < 0 ? name : name.slice(dot + 1));
  return (relation?.entry && viewDefinition(relation.entry)) ?? null;
}

/** The search path of every session: Tally has one user schema. `current_schemas(true)` adds the implicit pg_catalog. */
const searchPath = (implicit: boolean): string[] => (implicit ? ['pg_catalog', USER_SCHEMA] : [USER_SCHEMA]);

export const SYSTEM_FUNCTIONS: readonly SystemFunction[] = [
  fn('pg_table_is_visible', [OID], 'boolean', (context) => (oid) => tableIsVisible(context, oidOf(oid))),
  // Every type lives in pg_catalog, which is always searched.
  fn('pg_type_is_visible', [OID], 'boolean', () => () => true),
  fn('format_type', [OID, 'int4'], 'varchar', () => (oid, typmod) => (oid === null ? null : formatType(oidOf(oid), typmod as number | null)), true),
  fn('pg_get_userbyid', [OID], 'varchar', (context) => (oid) => roleName(context, oidOf(oid))),
  fn('pg_encoding_to_char', ['int4'], 'varchar', () => (encoding) => ENCODING_NAMES.get(encoding as number) ?? ''),
  // pg_node_tree columns hold SQL text, which is what pg_get_expr decompiles a node tree to.
  fn('pg_get_expr', ['varchar', OID], 'varchar', () => (expr) => expr),
  fn('pg_get_expr', ['varchar', OID, 'boolean'], 'varchar', () => (expr) => expr),
  fn('pg_get_viewdef', [OID], 'varchar', (context) => (oid) => viewDefinitionOf(context, oidOf(oid))),
  fn('pg_get_viewdef', [OID, 'boolean'], 'varchar', (context) => (oid) => viewDefinitionOf(context, oidOf(oid))),
  fn('pg_get_viewdef', [OID, 'int4'], 'varchar', (context) => (oid) => viewDefinitionOf(context, oidOf(oid))),
  fn('pg_get_viewdef', ['varchar'], 'varchar', (context) => (name) => viewDefinitionByName(context, name as string)),
  fn('pg_get_viewdef', ['varchar', 'boolean'], 'varchar', (context) => (name) => viewDefinitionByName(context, name as string)),
  fn('pg_get_constraintdef', [OID], 'varchar', (context) => (oid) => constraintDefinitionOf(context, oidOf(oid))),
  fn('pg_get_constraintdef', [OID, 'boolean'], 'varchar', (context) => (oid) => constraintDefinitionOf(context, oidOf(oid))),
  // Tally has no indexes, rules, extended statistics or comments: no OID names one, and PostgreSQL answers NULL then.
  fn('pg_get_indexdef', [OID], 'varchar', () => () => null),
  fn('pg_get_indexdef', [OID, 'int4', 'boolean'], 'varchar', () => () => null),
  fn('pg_get_ruledef', [OID], 'varchar', () => () => null),
  fn('pg_get_ruledef', [OID, 'boolean'], 'varchar', () => () => null),
  fn('pg_get_statisticsobjdef_columns', [OID], 'varchar', () => () => null),
  fn('obj_description', [OID], 'varchar', () => () => null),
  fn('obj_description', [OID, 'varchar'], 'varchar', () => () => null),
  fn('col_description', [OID, 'int4'], 'varchar', () => () => null),
  fn('shobj_description', [OID, 'varchar'], 'varchar', () => () => null),
  // What PostgreSQL's logical replication could publish: permanent tables.
  fn('pg_relation_is_publishable', [OID], 'boolean', (context) => (oid) => {
    const relation = relationByOid(context, oidOf(oid));
    return relation ? relation.relkind === 'r' && relation.entry !== undefined : null;
  }),
  fn('to_regclass', ['varchar'], 'int4', (context) => (text) => regclassOf(context, text as string, false)),
  fn('current_schemas', ['boolean'], 'varchar[]', () => (implicit) => searchPath(implicit as boolean)),
  ...FUNCTION_INFO_FUNCTIONS,
  ...RELATION_SIZE_FUNCTIONS,
  ...SIZE_PRETTY_FUNCTIONS,
  ...DATABASE_FUNCTIONS,
];

function constraintDefinitionOf(context: SystemContext, oid: number): string | null {
  const key = primaryKeys(context).find((k) => k.oid === oid);
  return key ? constraintDefinition(key) : null;
}

/** The OID a relation name (`orders`, `public.orders`, `"Mixed Case"`) means; `strict` raises for a missing one. */
export function regclassOf(context: SystemContext, text: string, strict: boolean): number | null {
  const parts = splitQualifiedName(text);
  const name = parts[parts.length - 1]!;
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  const relation = relationByName(context, schema, name);
  if (relation) return relation.oid;
  if (!strict) return null;
  throw new SqlError('undefined_table', `relation "${text}" does not exist`);
}

/** The OID of a schema name, as regnamespace input. */
export function namespaceOidOf(name: string): number {
  const oid = (NAMESPACE_OIDS as Readonly<Record<string, number>>)[unquote(name)];
  // PostgreSQL's condition is invalid_schema_name (3F000), which Tally does not name.
  if (oid === undefined) throw new SqlError('undefined_object', `schema "${name}" does not exist`);
  return oid;
}

/** `a.b` or `"A.x".b` into parts, unquoting quoted parts and folding unquoted ones to lower case. */
export function splitQualifiedName(text: string): string[] {
  const parts: string[] = [];
  let index = 0;
  while (index <= text.length) {
    if (text[index] === '"') {
      let part = '';
      index++;
      while (index < text.length) {
        if (text[index] === '"' && text[index + 1] === '"') {
          part += '"';
          index += 2;
        } else if (text[index] === '"') {
          index++;
          break;
        } else part += text[index++];
      }
      parts.push(part);
    } else {
      const dot = text.indexOf('.', index);
      const end = dot < 0 ? text.length : dot;
      parts.push(text.slice(index, end).trim().toLowerCase());
      index = end;
    }
    if (text[index] !== '.') break;
    index++;
  }
  return parts;
}

const unquote = (name: string): string => splitQualifiedName(name)[0] ?? name;
