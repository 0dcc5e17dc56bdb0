/** The loss/RTT probe's public API. */
export { ADAPTIVE_BATCH, DEFAULT_PROBE, PROBE_LIMITS, hping3Argv, isValidProbeHost, runProbe, validateProbeSpec } from './probe.js';
export { classifyLoss, wilsonInterval } from './wilson.js';
export { parseHping3, type Hping3Reply, type Hping3Run, type Hping3Summary } from './parse-hping3.js';
export type { ProbeOutcome, ProbeSpec, ProbeStats, RttSummary } from './types.js';
