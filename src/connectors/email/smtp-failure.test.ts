// Tests of SMTP failure descriptions: server replies by class, timeouts, TLS problems, and passwords masked.
import { describe, expect, it } from 'vitest';
import { loginSecrets, refusedRecipients, smtpFailure } from './smtp-failure.js';

const smtpError = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

describe('smtpFailure', () => {
  it("names the refused command and the server's reply, temporary (4xx) or permanent (5xx)", () => {
    const temporary = smtpError('Message failed: 451 Try later', { code: 'EMESSAGE', response: '451 Try later', responseCode: 451, command: 'DATA' });
    expect(smtpFailure(temporary, 1000, [])).toBe('DATA refused: 451 Try later (a temporary failure)');
    const permanent = smtpError('x', { code: 'EENVELOPE', response: '550 5.1.1\r\n  unknown user', responseCode: 550, command: 'RCPT TO' });
    expect(smtpFailure(permanent, 1000, [])).toBe('RCPT TO refused: 550 5.1.1 unknown user (a permanent failure: retrying will not help until the options or the server change)');
  });

  it('tells timeouts, logins, TLS and network errors apart', () => {
    expect(smtpFailure(smtpError('Greeting never received', { code: 'ETIMEDOUT', command: 'CONN' }), 250, [])).toBe('no answer within 250 ms (Greeting never received)');
    expect(smtpFailure(smtpError('Invalid login: 535 no', { code: 'EAUTH', response: '535 no', responseCode: 535 }), 1, [])).toBe('login refused: 535 no (check smtp.user and smtp.password)');
    expect(smtpFailure(smtpError('ssl3_get_record:wrong version number', { code: 'ESOCKET', originalCode: 'ERR_SSL_WRONG_VERSION_NUMBER' }), 1, [])).toMatch(/^TLS handshake failed: the server does not speak TLS on this port/);
    expect(smtpFailure(smtpError('self-signed certificate', { code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 1, [])).toBe(
      "self-signed certificate (the server's certificate is not trusted; smtp.tls.verify = 'false' accepts it)",
    );
    expect(smtpFailure(smtpError('connect ECONNREFUSED 10.0.0.1:587', { code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN' }), 1, [])).toBe('connect ECONNREFUSED 10.0.0.1:587');
    expect(smtpFailure('odd', 1, [])).toBe('odd');
  });

  it('masks the password and its base64 forms wherever a server or library puts them', () => {
    const secrets = loginSecrets({ user: 'alerts', password: 'hunter22' });
    const plain = Buffer.from('\0alerts\0hunter22').toString('base64');
    const echoed = smtpError('x', { code: 'EAUTH', response: `535 bad credentials hunter22 ${plain} ${Buffer.from('hunter22').toString('base64')}`, responseCode: 535 });
    expect(smtpFailure(echoed, 1, secrets)).toBe('login refused: 535 bad credentials *** *** *** (check smtp.user and smtp.password)');
    expect(refusedRecipients(['a@b.c'], [{ response: '550 hunter22' }], secrets)).toBe('the server refused recipient a@b.c (550 ***)');
    expect(refusedRecipients(['a@b.c', 'd@e.f'], undefined, [])).toBe('the server refused recipients a@b.c, d@e.f');
    expect(loginSecrets(undefined)).toEqual([]);
  });
});
