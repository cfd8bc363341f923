// Finds or starts the Kafka broker that tests run against, or says why there is none.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A running broker's bootstrap address, or the reason a test needing one must skip (print it first). */
export type KafkaBrokerResult = { readonly bootstrap: string } | { readonly skip: string };

const scriptPath = fileURLToPath(new URL('../../scripts/kafka-broker.sh', import.meta.url));
// The first start fetches Kafka from Maven Central (about 45 MB); later starts take seconds.
const startTimeoutMs = 15 * 60_000;
const disabledValue = 'none';

let located: Promise<KafkaBrokerResult> | undefined;

/**
 * Called by tests that need Kafka, once per test file (the result is cached per process).
 * Uses `TALLY_KAFKA_BOOTSTRAP` when set (`none` disables Kafka tests); otherwise runs
 * `scripts/kafka-broker.sh start`, which reuses a running broker and leaves it running for the
 * next test file (`scripts/kafka-broker.sh stop` ends it).
 */
export async function kafkaBroker(): Promise<KafkaBrokerResult> {
  located ??= locate();
  return located;
}

async function locate(): Promise<KafkaBrokerResult> {
  const configured = process.env.TALLY_KAFKA_BOOTSTRAP?.trim();
  if (configured === disabledValue) {
    return { skip: `Kafka broker unavailable: TALLY_KAFKA_BOOTSTRAP=${disabledValue}` };
  }
  if (configured) return { bootstrap: configured };
  if (process.platform === 'win32') {
    return { skip: 'Kafka broker unavailable: scripts/kafka-broker.sh needs bash (set TALLY_KAFKA_BOOTSTRAP)' };
  }
  return startWithScript();
}

function startWithScript(): Promise<KafkaBrokerResult> {
  return new Promise((resolve) => {
    execFile('bash', [scriptPath, 'start'], { timeout: startTimeoutMs }, (error, stdout, stderr) => {
      const bootstrap = lastLine(stdout);
      if (!error && bootstrap) {
        resolve({ bootstrap });
        return;
      }
      resolve({ skip: `Kafka broker unavailable: ${failureReason(error, stderr)}` });
    });
  });
}

// The script's last message explains a failure; without one, the process error does.
function failureReason(error: (Error & { code?: unknown; killed?: boolean }) | null, stderr: string): string {
  if (error?.code === 'ENOENT') return 'bash not found';
  if (error?.killed) return `scripts/kafka-broker.sh start did not finish within ${startTimeoutMs / 1000}s`;
  const message = lastLine(stderr).replace(/^kafka-broker: /, '');
  return message || error?.message || 'scripts/kafka-broker.sh start printed no bootstrap address';
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1]?.trim() ?? '';
}
