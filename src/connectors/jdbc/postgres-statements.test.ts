// Tests of the PostgreSQL statements: unnest of typed arrays, ON CONFLICT on the key, delete by key.
import { describe, expect, it } from 'vitest';
import { postgresStatements } from './postgres-statements.js';
import type { TargetColumn } from './target-table.js';

const column = (name: string, castType: string, kind: TargetColumn['kind'] = 'text'): TargetColumn => ({
  name, kind, typeName: castType, castType, nullable: true, hasDefault: false, generated: false,
});
const columns = [column('region', '"pg_catalog"."text"'), column('id', '"pg_catalog"."int8"', 'integer'), column('tags', '"pg_catalog"."_text"', 'array')];

describe('postgresStatements', () => {
  it('upserts from unnest with casts to the target types and deletes by the key', () => {
    const statements = postgresStatements({ schema: 'public', table: 'T', columns, type: 'upsert', key: [0, 1] });
    expect(statements.write.text).toBe(
      'INSERT INTO "public"."T" ("region", "id", "tags") SELECT u.c0, u.c1, u.c2::"pg_catalog"."_text" ' +
        'FROM unnest($1::"pg_catalog"."text"[], $2::"pg_catalog"."int8"[], $3::text[]) AS u(c0, c1, c2) ' +
        'ON CONFLICT ("region", "id") DO UPDATE SET "tags" = EXCLUDED."tags"',
    );
    expect(statements.delete!.text).toBe(
      'DELETE FROM "public"."T" WHERE ("region", "id") IN (SELECT u.c0, u.c1 FROM unnest($1::"pg_catalog"."text"[], $2::"pg_catalog"."int8"[]) AS u(c0, c1))',
    );
    expect(statements.write.name).toMatch(/^tally_sink_upsert_[0-9a-f]{24}$/);
    expect(statements.write.name.length).toBeLessThanOrEqual(63);
  });

  it('does nothing on conflict when every column is in the key, and only inserts for append-only sinks', () => {
    expect(postgresStatements({ schema: 's', table: 't', columns: columns.slice(0, 2), type: 'upsert', key: [0, 1] }).write.text).toMatch(
      /ON CONFLICT \("region", "id"\) DO NOTHING$/,
    );
    const append = postgresStatements({ schema: 's', table: 't', columns, type: 'append-only', key: [] });
    expect(append.delete).toBeUndefined();
    expect(append.write.text).not.toContain('ON CONFLICT');
    expect(append.write.name).toMatch(/^tally_sink_insert_/);
  });
});
