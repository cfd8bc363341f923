// Seed 000's Kafka source and three GMV views as the seed writes them, pointed at a benchmark's broker and topic.
import { readFileSync } from 'node:fs';
import { parseScript } from '../src/sql/index.js';

const SEED_FILE = new URL('../../../shared/seed-sql/000_gmv_risingwave.sql', import.meta.url);
const SEED_TOPIC = "topic = 'ecommerce.orders'";
const SEED_BOOTSTRAP = "properties.bootstrap.server = 'kafka:9092'";

/**
 * The seed's CREATE SOURCE and CREATE MATERIALIZED VIEW statements verbatim, except the source's topic and
 * bootstrap server; its sinks are left out (no JDBC target here). One script, in the seed's order.
 */
export function seed000KafkaScript(bootstrap: string, topic: string): string {
  const statements = parseScript(readFileSync(SEED_FILE, 'utf8')).filter((s) => s.statement.kind === 'createSource' || s.statement.kind === 'createView');
  const source = statements.find((s) => s.statement.kind === 'createSource');
  if (!source || !source.text.includes(SEED_TOPIC) || !source.text.includes(SEED_BOOTSTRAP)) {
    throw new Error(`seed 000's source no longer names ${SEED_TOPIC} and ${SEED_BOOTSTRAP}: update the benchmark`);
  }
  const pointed = source.text.replace(SEED_TOPIC, `topic = '${topic}'`).replace(SEED_BOOTSTRAP, `properties.bootstrap.server = '${bootstrap}'`);
  return statements.map((s) => (s === source ? pointed : s.text)).join(';\n');
}
