// One finished tool call as its audit entry: the same decision rule for the gateway and `toolgate wrap`.
import type { AuditEntry } from '../audit/audit-log.js';
import type { PolicyMode } from '../policy/policy-types.js';
import { decisionOf, type CallKind, type GateOutcome } from './gate-types.js';

export type CallOutcome = AuditEntry['outcome'];

export interface FinishedCall {
  session: string;
  client?: string;
  toolId: string;
  /** Absent or `tool`: a tool call (the line then has no `kind`). */
  kind?: CallKind;
  /** The mode the call was judged under. */
  mode: PolicyMode;
  gates: GateOutcome[];
  /** performance.now() when the call arrived. */
  started: number;
  outcome: CallOutcome;
  errorCode?: string;
  requestBytes: number;
  responseBytes: number;
  arguments: unknown;
  via: string;
}

export function auditEntryOf(call: FinishedCall): AuditEntry {
  return {
    session: call.session,
    ...(call.client === undefined ? {} : { client: call.client }),
    tool_id: call.toolId,
    ...(call.kind === undefined || call.kind === 'tool' ? {} : { kind: call.kind }),
    mode: call.mode,
    // A call refused by a gate is blocked whatever the mode says: monitor mode never refuses one.
    decision: call.outcome === 'blocked' ? 'blocked' : decisionOf(call.gates, call.mode),
    gates: call.gates,
    duration_ms: Math.round((performance.now() - call.started) * 100) / 100,
    outcome: call.outcome,
    ...(call.errorCode === undefined ? {} : { error_code: call.errorCode }),
    request_bytes: call.requestBytes,
    response_bytes: call.responseBytes,
    arguments: call.arguments,
    via: call.via,
  };
}
