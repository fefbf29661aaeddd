// The qflow.v1 conformance suite: checks any server implementation against the protocol's promises.
export { runConformance, CONFORMANCE_CHECKS, type ConformanceOptions } from './run-conformance.js';
export type { ConformanceResult, CheckStatus, ConformanceCheck } from './conformance-check.js';
export { formatResult, formatTable, summarize } from './conformance-table.js';
