// Tests of JDBC URL parsing: PostgreSQL and MySQL/MariaDB forms, credentials, parameters, and the errors.
import { describe, expect, it } from 'vitest';
import { SqlError } from '../../types/error.js';
import { parseJdbcUrl } from './jdbc-url.js';

const parse = (url: string) => parseJdbcUrl(url, 'jdbc.url');

describe('parseJdbcUrl', () => {
  it('reads PostgreSQL URLs with default port, credentials and parameters', () => {
    expect(parse('jdbc:postgresql://app-db:5432/commerce')).toEqual({
      dialect: 'postgres', host: 'app-db', port: 5432, database: 'commerce', parameters: new Map(),
    });
    expect(parse('jdbc:postgresql://dashboarddb/marketplace?user=rw&password=s%26cret&sslmode=disable')).toEqual({
      dialect: 'postgres', host: 'dashboarddb', port: 5432, database: 'marketplace', user: 'rw', password: 's&cret',
      parameters: new Map([['sslmode', 'disable']]),
    });
    expect(parse('jdbc:postgresql://[::1]:6543/')).toMatchObject({ host: '::1', port: 6543, database: '' });
    expect(parse('jdbc:postgresql:shop?user=u')).toEqual({ dialect: 'postgres', host: 'localhost', port: 5432, database: 'shop', user: 'u', parameters: new Map() });
    expect(parse('JDBC:PostgreSQL://H:1/d')).toMatchObject({ dialect: 'postgres', host: 'H', port: 1 });
  });

  it('reads MySQL and MariaDB URLs, with user:password@ before the host', () => {
    expect(parse('jdbc:mysql://xxxx:3306/xxxx')).toEqual({ dialect: 'mysql', host: 'xxxx', port: 3306, database: 'xxxx', parameters: new Map() });
    expect(parse('jdbc:mariadb://root:pa%40ss@10.0.0.5/shop?useSSL=false')).toEqual({
      dialect: 'mysql', host: '10.0.0.5', port: 3306, database: 'shop', user: 'root', password: 'pa@ss', parameters: new Map([['useSSL', 'false']]),
    });
    // Query parameters win over the user info, as in Connector/J.
    expect(parse('jdbc:mysql://a:b@h/d?user=c&password=e')).toMatchObject({ user: 'c', password: 'e' });
  });

  it('rejects other forms, naming the option, with the password masked', () => {
    const message = (url: string): string => {
      try {
        parse(url);
      } catch (err) {
        expect(err).toBeInstanceOf(SqlError);
        return (err as Error).message;
      }
      throw new Error(`accepted ${url}`);
    };
    expect(message('jdbc:sqlserver://h:1433;databaseName=x')).toBe('JDBC URL scheme "jdbc:sqlserver" is not supported');
    expect(message('mysql://h/d')).toBe('invalid value for option "jdbc.url": "mysql://h/d"');
    expect(message('jdbc:postgresql://h1:5432,h2:5432/d?password=x1y2')).toBe('invalid value for option "jdbc.url": "jdbc:postgresql://h1:5432,h2:5432/d?password=***"');
    expect(message('jdbc:mysql://h:0/d')).toBe('invalid value for option "jdbc.url": "jdbc:mysql://h:0/d"');
    expect(message('jdbc:mysql://h/d/e')).toBe('invalid value for option "jdbc.url": "jdbc:mysql://h/d/e"');
    expect(message('jdbc:mysql:///d')).toBe('invalid value for option "jdbc.url": "jdbc:mysql:///d"');
    expect(message('jdbc:postgresql:%zz')).toBe('invalid value for option "jdbc.url": "jdbc:postgresql:%zz"');
  });
});
