// Prometheus metrics of a Tally server.
export { EngineMetrics } from './engine-metrics.js';
