/**
 * Kernel drop reasons from the `skb:kfree_skb` tracepoint (tracefs, no eBPF): record them over the
 * measurement window, tally them by reason/location/layer, and reconcile them with the counters.
 */
export { parseKfreeSkbFormat, type KfreeSkbFormat } from './format.js';
export { parseTraceOutput, locationFunction, type DropEvent, type ParsedTrace, type TraceHeader } from './parse-trace.js';
export {
  REASON_INFO,
  USUALLY_BENIGN,
  DROP_LAYERS,
  reasonLayer,
  locationLayer,
  describeReason,
  type DropLayer,
  type ReasonInfo,
} from './reasons.js';
export {
  tallyDrops,
  eventLayer,
  classifyBenign,
  compareDropTallies,
  type DropTally,
  type TallyOptions,
  type BenignContext,
  type ReasonVerdict,
  type ReasonChange,
} from './tally.js';
export { reconcileDrops, type Reconciliation, type LayerReconciliation, type ReconcileContext, type CounterMove, type Agreement } from './reconcile.js';
export {
  startDropTrace,
  traceCapability,
  removeStaleInstances,
  readGlobalTraceState,
  diffGlobalTraceState,
  realProcessHooks,
  type DropTraceSession,
  type StartOptions,
  type StartResult,
  type StopResult,
  type TraceCapability,
  type GlobalTraceState,
  type ProcessHooks,
} from './session.js';
export { NodeTraceFs, locateTraceFs, type TraceFs, type FsOutcome } from './tracefs.js';
