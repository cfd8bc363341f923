// A self-signed certificate made with openssl, for TLS tests.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PEM key and certificate for CN=localhost, or the reason there is none (the test skips, printing it). */
export type CertificateResult = { readonly key: string; readonly cert: string } | { readonly skip: string };

export async function selfSignedCertificate(): Promise<CertificateResult> {
  const dir = await mkdtemp(join(tmpdir(), 'tally-tls-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '1', '-subj', '/CN=localhost'];
    const failure = await new Promise<string | undefined>((resolve) => {
      execFile('openssl', args, { timeout: 60_000 }, (error, _stdout, stderr) => resolve(error ? `${error.message} ${stderr}`.trim() : undefined));
    });
    if (failure) return { skip: `openssl could not make a certificate: ${failure}` };
    return { key: await readFile(keyPath, 'utf8'), cert: await readFile(certPath, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
