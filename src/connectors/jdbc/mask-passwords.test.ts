// Tests of password masking in text that leaves a JDBC sink.
import { describe, expect, it } from 'vitest';
import { maskPasswords } from './mask-passwords.js';

describe('maskPasswords', () => {
  it('masks password parameters, user info and known secrets', () => {
    expect(maskPasswords('jdbc:postgresql://h/d?user=rw&password=secret&x=1')).toBe('jdbc:postgresql://h/d?user=rw&password=***&x=1');
    expect(maskPasswords('PASSWORD = hunter2; next')).toBe('PASSWORD = ***; next');
    expect(maskPasswords('jdbc:mysql://root:s3cr3t@db:3306/x')).toBe('jdbc:mysql://root:***@db:3306/x');
    expect(maskPasswords('login failed: topsecret rejected', ['topsecret'])).toBe('login failed: *** rejected');
    // Too short to search for without garbling the message.
    expect(maskPasswords('a b a', ['a'])).toBe('a b a');
    expect(maskPasswords('no secrets here', [undefined])).toBe('no secrets here');
  });
});
