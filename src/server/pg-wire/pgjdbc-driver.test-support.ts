// The PostgreSQL JDBC driver, fetched once from Maven Central into the repository's cache, for the pgjdbc test.
import { execFile } from 'node:child_process';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = '42.7.13';
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const MAVEN_CENTRAL = 'https://repo1.maven.org/maven2';

/** The driver jar, or why there is none (the test prints it and skips). */
export type DriverResult = { readonly jar: string } | { readonly skip: string };

function run(command: string, args: readonly string[], timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs }, (error, _stdout, stderr) => {
      resolve(error ? `${command}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : `${error.message} ${stderr.trim().split('\n').slice(-3).join(' ')}`}` : undefined);
    });
  });
}

/**
 * `org.postgresql:postgresql` in `$TALLY_CACHE_DIR/pgjdbc` (default `<repo>/.cache/pgjdbc`): copied by Maven
 * (from Maven Central, or its local repository), or downloaded from Maven Central when Maven is missing.
 * Needs java to be of use, so without java it skips before fetching anything.
 */
export async function pgjdbcDriver(): Promise<DriverResult> {
  const noJava = await run('java', ['-version'], 30_000);
  if (noJava) return { skip: `java unavailable: ${noJava}` };
  const dir = join(process.env.TALLY_CACHE_DIR ?? join(repoRoot, '.cache'), 'pgjdbc');
  const jar = join(dir, `postgresql-${VERSION}.jar`);
  if (await exists(jar)) return { jar };
  await mkdir(dir, { recursive: true });
  const artifact = `org.postgresql:postgresql:${VERSION}:jar`;
  const mavenFailure = await run('mvn', ['-q', '-B', 'dependency:copy', `-Dartifact=${artifact}`, `-DoutputDirectory=${dir}`], 600_000);
  if (!mavenFailure && (await exists(jar))) return { jar };
  try {
    const response = await fetch(`${MAVEN_CENTRAL}/org/postgresql/postgresql/${VERSION}/postgresql-${VERSION}.jar`, { signal: AbortSignal.timeout(120_000) });
    if (!response.ok) return { skip: `could not fetch the JDBC driver: ${mavenFailure ?? ''} HTTP ${response.status}` };
    const partial = `${jar}.${process.pid}.part`;
    await writeFile(partial, Buffer.from(await response.arrayBuffer()));
    await rename(partial, jar);
    return { jar };
  } catch (err) {
    return { skip: `could not fetch the JDBC driver (network unavailable?): ${mavenFailure ?? ''} ${(err as Error).message}` };
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.size > 0,
    () => false,
  );
}
