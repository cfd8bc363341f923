import { describe, expect, it } from 'vitest';
import { SqlError } from '../../types/error.js';
import { canonicalName, SessionSettings } from './session-settings.js';

const defaults = new Map([['timezone', 'UTC'], ['datestyle', 'ISO, MDY'], ['application_name', ''], ['client_encoding', 'UTF8']]);
const settings = (): SessionSettings => new SessionSettings((name) => defaults.get(name));

describe('session settings', () => {
  it('sets, resets to the startup value and falls back to the defaults', () => {
    const s = settings();
    s.setStartupValue('application_name', 'from startup');
    s.set('Application_Name', 'changed');
    expect(s.get('APPLICATION_NAME')).toBe('changed');
    s.set('application_name', undefined);
    expect(s.get('application_name')).toBe('from startup');
    s.set('search_path', 'public');
    s.set('all', undefined);
    expect([s.get('search_path'), s.get('application_name'), s.get('timezone')]).toEqual([undefined, 'from startup', 'UTC']);
  });

  it('reports each changed parameter once, and nothing set back within the same cycle', () => {
    const s = settings();
    expect(s.unreported()).toEqual([['application_name', ''], ['client_encoding', 'UTF8'], ['DateStyle', 'ISO, MDY'], ['TimeZone', 'UTC']]);
    expect(s.unreported()).toEqual([]);
    s.set('application_name', 'x');
    s.set('application_name', undefined);
    s.set('timezone', 'Europe/Paris');
    s.set('extra_float_digits', '3');
    expect(s.unreported()).toEqual([['TimeZone', 'Europe/Paris']]);
  });

  it('restores a snapshot (SET LOCAL at the end of a transaction block)', () => {
    const s = settings();
    s.set('application_name', 'outer');
    const before = s.snapshot();
    s.set('application_name', 'inner');
    s.restore(before);
    expect(s.get('application_name')).toBe('outer');
  });

  it('accepts what the engine honours and refuses the rest', () => {
    const s = settings();
    s.set('client_encoding', 'unicode');
    s.set('DateStyle', 'iso');
    expect([s.get('client_encoding'), s.get('datestyle')]).toEqual(['UTF8', 'ISO, MDY']);
    s.set('client_encoding', 'SQL_ASCII');
    expect(s.get('client_encoding')).toBe('SQL_ASCII');
    expect(() => s.set('client_encoding', 'LATIN1')).toThrow(new SqlError('feature_not_supported', 'conversion between LATIN1 and UTF8 is not supported'));
    expect(() => s.set('datestyle', 'German')).toThrow('DateStyle "German" is not supported');
    expect(() => s.set('datestyle', 'ISO, DMY')).toThrow('DateStyle "DMY" is not supported');
    expect(() => s.set('timezone', 'Mars/Olympus')).toThrow('invalid value for parameter "TimeZone": "Mars/Olympus"');
  });

  it('spells reported names as PostgreSQL does', () => {
    expect([canonicalName('timezone'), canonicalName('DATESTYLE'), canonicalName('search_path')]).toEqual(['TimeZone', 'DateStyle', 'search_path']);
  });
});
