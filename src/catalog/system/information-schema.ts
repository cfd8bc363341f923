// information_schema.tables, columns, schemata and views: the SQL standard's catalog views over the same relations.
import { elementType, isArrayType } from '../../types/data-type.js';
import type { Value } from '../../types/value.js';
import type { ColumnInfo } from '../catalog.js';
import { builtinType, formatType, typeOid } from './builtin-types.js';
import { NAMESPACE_OIDS, SUPERUSER } from './object-ids.js';
import { columnNotNull, numberedColumns } from './pg-attribute.js';
import { relationsOf, type RelationInfo } from './relation-info.js';
import { defineSystemRelation } from './system-relation.js';
import { viewDefinition } from './view-definition.js';

/**
 * table_type of each pg_class kind that information_schema lists. As in RisingWave, materialized views are
 * listed (PostgreSQL leaves them out); sources and sinks are not, since they cannot be selected from.
 */
const TABLE_TYPES: Readonly<Record<string, string>> = { r: 'BASE TABLE', v: 'VIEW', m: 'MATERIALIZED VIEW' };

const listed = (relations: RelationInfo[]): RelationInfo[] => relations.filter((relation) => TABLE_TYPES[relation.relkind] !== undefined);

const yesNo = (value: boolean): string => (value ? 'YES' : 'NO');

export const informationSchemaTables = defineSystemRelation({
  schema: 'information_schema',
  name: 'tables',
  oid: 13425,
  relkind: 'v',
  columns: {
    table_catalog: 'sql_identifier', table_schema: 'sql_identifier', table_name: 'sql_identifier', table_type: 'character_data',
    self_referencing_column_name: 'sql_identifier', reference_generation: 'character_data',
    user_defined_type_catalog: 'sql_identifier', user_defined_type_schema: 'sql_identifier',
    user_defined_type_name: 'sql_identifier', is_insertable_into: 'yes_or_no', is_typed: 'yes_or_no',
    commit_action: 'character_data',
  },
  rows: (context) =>
    listed(relationsOf(context)).map((relation) => ({
      table_catalog: context.session.database,
      table_schema: relation.schema,
      table_name: relation.name,
      table_type: TABLE_TYPES[relation.relkind]!,
      self_referencing_column_name: null,
      reference_generation: null,
      user_defined_type_catalog: null,
      user_defined_type_schema: null,
      user_defined_type_name: null,
      is_insertable_into: yesNo(relation.entry?.kind === 'table'),
      is_typed: 'NO',
      commit_action: null,
    })),
});

export const informationSchemaColumns = defineSystemRelation({
  schema: 'information_schema',
  name: 'columns',
  oid: 13295,
  relkind: 'v',
  columns: {
    table_catalog: 'sql_identifier', table_schema: 'sql_identifier', table_name: 'sql_identifier', column_name: 'sql_identifier',
    ordinal_position: 'cardinal_number', column_default: 'character_data', is_nullable: 'yes_or_no', data_type: 'character_data',
    character_maximum_length: 'cardinal_number', character_octet_length: 'cardinal_number', numeric_precision: 'cardinal_number',
    numeric_precision_radix: 'cardinal_number', numeric_scale: 'cardinal_number', datetime_precision: 'cardinal_number',
    interval_type: 'character_data', interval_precision: 'cardinal_number', character_set_catalog: 'sql_identifier',
    character_set_schema: 'sql_identifier', character_set_name: 'sql_identifier', collation_catalog: 'sql_identifier',
    collation_schema: 'sql_identifier', collation_name: 'sql_identifier', domain_catalog: 'sql_identifier',
    domain_schema: 'sql_identifier', domain_name: 'sql_identifier', udt_catalog: 'sql_identifier', udt_schema: 'sql_identifier',
    udt_name: 'sql_identifier', scope_catalog: 'sql_identifier', scope_schema: 'sql_identifier', scope_name: 'sql_identifier',
    maximum_cardinality: 'cardinal_number', dtd_identifier: 'sql_identifier', is_self_referencing: 'yes_or_no',
    is_identity: 'yes_or_no', identity_generation: 'character_data', identity_start: 'character_data',
    identity_increment: 'character_data', identity_maximum: 'character_data', identity_minimum: 'character_data',
    identity_cycle: 'yes_or_no', is_generated: 'character_data', generation_expression: 'character_data',
    is_updatable: 'yes_or_no',
  },
  rows: (context) =>
    listed(relationsOf(context)).flatMap((relation) =>
      numberedColumns(relation.columns)
        .map((numbered, index) => ({ ...numbered, index }))
        .filter(({ column }) => !column.hidden)
        .map(({ column, attnum, index }): Record<string, Value> => ({
          table_catalog: context.session.database,
          table_schema: relation.schema,
          table_name: relation.name,
          column_name: column.name,
          ordinal_position: attnum,
          column_default: null,
          is_nullable: yesNo(!columnNotNull(relation, index)),
          data_type: isArrayType(column.type) ? 'ARRAY' : formatType(typeOid(column.type), null),
          ...sizes(column),
          interval_type: null,
          interval_precision: null,
          character_set_catalog: null,
          character_set_schema: null,
          character_set_name: null,
          collation_catalog: null,
          collation_schema: null,
          collation_name: null,
          domain_catalog: null,
          domain_schema: null,
          domain_name: null,
          udt_catalog: context.session.database,
          udt_schema: 'pg_catalog',
          udt_name: builtinTypeName(typeOid(column.type)),
          scope_catalog: null,
          scope_schema: null,
          scope_name: null,
          maximum_cardinality: null,
          dtd_identifier: String(attnum),
          is_self_referencing: 'NO',
          is_identity: 'NO',
          identity_generation: null,
          identity_start: null,
          identity_increment: null,
          identity_maximum: null,
          identity_minimum: null,
          identity_cycle: 'NO',
          is_generated: 'NEVER',
          generation_expression: null,
          is_updatable: yesNo(relation.entry?.kind === 'table'),
        })),
    ),
});

function builtinTypeName(oid: number): string | null {
  const found = builtinType(oid);
  if (!found) return null;
  return found.array ? `_${found.type.name}` : found.type.name;
}

/** PostgreSQL's bound on the octet length of unconstrained text (1 GB). */
const MAX_TEXT_OCTETS = 1073741824;
/** UTF-8 takes up to 4 bytes per character. */
const MAX_BYTES_PER_CHARACTER = 4;
const DEFAULT_SECONDS_PRECISION = 6;

/** The length, precision and scale columns of information_schema.columns, as PostgreSQL derives them from a type. */
function sizes(column: ColumnInfo): Record<string, Value> {
  const none = {
    character_maximum_length: null,
    character_octet_length: null,
    numeric_precision: null,
    numeric_precision_radix: null,
    numeric_scale: null,
    datetime_precision: null,
  };
  if (isArrayType(column.type)) return none;
  const modifier = column.modifier;
  switch (elementType(column.type)) {
    case 'varchar': {
      const length = modifier?.length ?? null;
      return { ...none, character_maximum_length: length, character_octet_length: length === null ? MAX_TEXT_OCTETS : length * MAX_BYTES_PER_CHARACTER };
    }
    case 'int2':
      return { ...none, numeric_precision: 16, numeric_precision_radix: 2, numeric_scale: 0 };
    case 'int4':
      return { ...none, numeric_precision: 32, numeric_precision_radix: 2, numeric_scale: 0 };
    case 'int8':
      return { ...none, numeric_precision: 64, numeric_precision_radix: 2, numeric_scale: 0 };
    case 'float4':
      return { ...none, numeric_precision: 24, numeric_precision_radix: 2 };
    case 'float8':
      return { ...none, numeric_precision: 53, numeric_precision_radix: 2 };
    case 'numeric':
      return { ...none, numeric_precision: modifier?.precision ?? null, numeric_precision_radix: 10, numeric_scale: modifier?.precision === undefined ? null : (modifier.scale ?? 0) };
    case 'date':
      return { ...none, datetime_precision: 0 };
    case 'time':
    case 'timestamp':
    case 'timestamptz':
    case 'interval':
      return { ...none, datetime_precision: modifier?.precision ?? DEFAULT_SECONDS_PRECISION };
    default:
      return none;
  }
}

export const informationSchemaSchemata = defineSystemRelation({
  schema: 'information_schema',
  name: 'schemata',
  oid: 13382,
  relkind: 'v',
  columns: {
    catalog_name: 'sql_identifier', schema_name: 'sql_identifier', schema_owner: 'sql_identifier',
    default_character_set_catalog: 'sql_identifier', default_character_set_schema: 'sql_identifier',
    default_character_set_name: 'sql_identifier', sql_path: 'character_data',
  },
  rows: (context) =>
    Object.keys(NAMESPACE_OIDS).map((schema) => ({
      catalog_name: context.session.database,
      schema_name: schema,
      schema_owner: SUPERUSER.name,
      default_character_set_catalog: null,
      default_character_set_schema: null,
      default_character_set_name: null,
      sql_path: null,
    })),
});

export const informationSchemaViews = defineSystemRelation({
  schema: 'information_schema',
  name: 'views',
  oid: 13483,
  relkind: 'v',
  columns: {
    table_catalog: 'sql_identifier', table_schema: 'sql_identifier', table_name: 'sql_identifier', view_definition: 'character_data',
    check_option: 'character_data', is_updatable: 'yes_or_no', is_insertable_into: 'yes_or_no', is_trigger_updatable: 'yes_or_no',
    is_trigger_deletable: 'yes_or_no', is_trigger_insertable_into: 'yes_or_no',
  },
  rows: (context) =>
    relationsOf(context)
      .filter((relation) => relation.relkind === 'v')
      .map((relation) => ({
        table_catalog: context.session.database,
        table_schema: relation.schema,
        table_name: relation.name,
        view_definition: (relation.entry && viewDefinition(relation.entry)) ?? null,
        check_option: 'NONE',
        is_updatable: 'NO',
        is_insertable_into: 'NO',
        is_trigger_updatable: 'NO',
        is_trigger_deletable: 'NO',
        is_trigger_insertable_into: 'NO',
      })),
});
