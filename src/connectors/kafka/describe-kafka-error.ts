// Turns the Kafka client's nested errors into one readable line for source errors and progress reports.

/** How deep nested causes are followed: the client wraps at most a few levels. */
const MAX_DEPTH = 4;

/** A message fragment in PostgreSQL's style: lower-case first letter, no final period. */
function fragment(message: string): string {
  const trimmed = message.trim().replace(/\.$/, '');
  // Keep acronyms and identifiers ("ECONNREFUSED", "Fetch(v17)") as they are; lower only an ordinary first word.
  return /^[A-Z][a-z]/.test(trimmed) ? trimmed[0]!.toLowerCase() + trimmed.slice(1) : trimmed;
}

function describeAt(err: unknown, depth: number): string {
  if (!(err instanceof Error)) return String(err);
  const own = fragment(err.message);
  if (depth >= MAX_DEPTH) return own;
  const { errors, cause } = err as Error & { errors?: unknown; cause?: unknown };
  const inner = Array.isArray(errors) ? errors : cause !== undefined ? [cause] : [];
  const parts = [...new Set(inner.map((e) => describeAt(e, depth + 1)))].filter((part) => part !== '' && part !== own);
  return parts.length === 0 ? own : `${own}: ${parts.join('; ')}`;
}

/**
 * One line naming what failed and why, from the client's error and its causes: "cannot connect to any broker:
 * connection to 127.0.0.1:9092 failed: connect ECONNREFUSED 127.0.0.1:9092".
 */
export function describeKafkaError(err: unknown): string {
  return describeAt(err, 0);
}
