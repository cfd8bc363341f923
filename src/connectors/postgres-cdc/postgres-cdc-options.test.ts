import { describe, expect, it } from 'vitest';
import { columns, sourceSpec } from '../source-spec.test-support.js';
import { postgresCdcConnector } from './postgres-cdc-connector.js';
import { postgresCdcSettings } from './postgres-cdc-options.js';

const cols = columns(['id', 'int4'], ['name', 'varchar']);
const base = { connector: 'postgres-cdc', hostname: 'db.example', username: 'tally', 'database.name': 'shop', 'table.name': 'orders' };
const settingsOf = (options: Record<string, string>) => postgresCdcSettings(sourceSpec(cols, options));
const keyed = (options: Record<string, string>, primaryKey: number[] = [0]) => ({ ...sourceSpec(cols, options), primaryKey });

describe('postgres-cdc options', () => {
  it('reads RisingWave\'s option names, with defaults', () => {
    expect(settingsOf(base)).toEqual({
      server: { host: 'db.example', port: 5432, user: 'tally', database: 'shop', ssl: false },
      schema: 'public',
      table: 'orders',
      slotName: 'tally_src',
      publicationName: 'tally_publication',
      createPublication: true,
    });
    expect(settingsOf({
      ...base, port: '6543', password: 'secret', 'schema.name': 'Sales', 'slot.name': 'orders_slot',
      'publication.name': 'pub', 'publication.create.enable': 'false', 'ssl.mode': 'required',
    })).toEqual({
      server: { host: 'db.example', port: 6543, user: 'tally', password: 'secret', database: 'shop', ssl: true },
      schema: 'Sales',
      table: 'orders',
      slotName: 'orders_slot',
      publicationName: 'pub',
      createPublication: false,
    });
  });

  it('names each missing option', () => {
    for (const name of ['hostname', 'username', 'database.name', 'table.name']) {
      const options: Record<string, string> = { ...base };
      delete options[name];
      expect(() => settingsOf(options)).toThrow(`missing option "${name}" for connector "postgres-cdc"`);
    }
  });

  it('rejects bad values, naming the option', () => {
    expect(() => settingsOf({ ...base, port: 'x' })).toThrow('invalid value for option "port": "x"');
    expect(() => settingsOf({ ...base, port: '70000' })).toThrow('invalid value for option "port": "70000"');
    expect(() => settingsOf({ ...base, 'slot.name': 'Bad-Slot' })).toThrow('invalid value for option "slot.name": "Bad-Slot"');
    expect(() => settingsOf({ ...base, 'publication.create.enable': 'yes' })).toThrow('invalid value for option "publication.create.enable": "yes"');
    expect(() => settingsOf({ ...base, 'ssl.mode': 'verify-full' })).toThrow('ssl.mode "verify-full" is not supported');
    expect(() => settingsOf({ ...base, 'table.name': 'x'.repeat(64) })).toThrow('invalid value for option "table.name"');
  });

  it('derives a legal slot name from the table name', () => {
    expect(postgresCdcSettings({ ...sourceSpec(cols, base), name: 'My Orders-2' }).slotName).toBe('tally_my_orders_2');
    expect(postgresCdcSettings({ ...sourceSpec(cols, base), name: 'n'.repeat(80) }).slotName).toHaveLength(63);
  });

  it('validates: a TABLE with a PRIMARY KEY and no FORMAT clause', () => {
    expect(() => postgresCdcConnector.validate(keyed(base))).not.toThrow();
    // An engine that does not say what the key is: checked against the upstream table at open.
    expect(() => postgresCdcConnector.validate(sourceSpec(cols, base))).not.toThrow();
    expect(() => postgresCdcConnector.validate(keyed(base, []))).toThrow('connector "postgres-cdc" needs a TABLE with a PRIMARY KEY');
    expect(() => postgresCdcConnector.validate({ ...keyed(base), format: { format: 'plain', encode: 'json', options: new Map() } })).toThrow(
      'connector "postgres-cdc" takes no FORMAT clause',
    );
    expect(() => postgresCdcConnector.validate(keyed({ ...base, hostname: '' }))).toThrow('missing option "hostname"');
  });
});
