// What is said about each finished tool call: one audit line (when the policy audits) and, with --verbose, one stderr line.
import type { AuditLog } from '../audit/audit-log.js';
import { decisionOf, firstFailure, type GateDecision } from '../gates/gate-types.js';
import type { PolicyMode } from '../policy/policy-types.js';
import type { TrackedCall } from './call-tracker.js';

export type CallOutcome = 'ok' | 'tool_error' | 'error' | 'blocked';

export interface CallReportOptions {
  /** Absent when the policy turns auditing off. */
  audit?: AuditLog;
  mode: PolicyMode;
  session: string;
  /** The client's clientInfo.name from initialize, once known. */
  client: () => string | undefined;
  /** Gets one line per call with --verbose. */
  onVerbose?: (line: string) => void;
}

export interface CallEnd {
  outcome: CallOutcome;
  errorCode?: string;
  responseBytes?: number;
}

const DECISION_WORDS: Record<GateDecision, string> = { allowed: 'ALLOW', blocked: 'BLOCK', would_block: 'WOULD_BLOCK' };

export class CallReport {
  constructor(private readonly options: CallReportOptions) {}

  finish(call: TrackedCall, end: CallEnd): void {
    const { audit, mode, session, onVerbose } = this.options;
    const durationMs = Math.round((performance.now() - call.started) * 100) / 100;
    const decision: GateDecision = end.outcome === 'blocked' ? 'blocked' : decisionOf(call.gates, mode);
    const client = this.options.client();
    audit?.record({
      session,
      ...(client === undefined ? {} : { client }),
      tool_id: call.toolId,
      mode,
      decision,
      gates: call.gates,
      duration_ms: durationMs,
      outcome: end.outcome,
      ...(end.errorCode === undefined ? {} : { error_code: end.errorCode }),
      request_bytes: call.requestBytes,
      response_bytes: end.responseBytes ?? 0,
      arguments: call.arguments,
      via: 'wrap',
    });
    if (onVerbose) onVerbose(verboseLine(mode, decision, call, end, durationMs));
  }
}

/** `toolgate wrap: enforce BLOCK memory::delete_entities (deny: denied by tools.deny "*::delete_*" in /p/policy.yaml) 0.4 ms` */
export function verboseLine(mode: PolicyMode, decision: GateDecision, call: TrackedCall, end: CallEnd, durationMs: number): string {
  const failed = firstFailure(call.gates);
  const why = failed ? ` (${failed.gate}: ${failed.detail ?? 'failed'})` : end.errorCode ? ` (${end.errorCode})` : '';
  const result = end.outcome === 'tool_error' ? ' [isError result]' : end.outcome === 'error' && !failed ? ' [error]' : '';
  return `toolgate wrap: ${mode} ${DECISION_WORDS[decision]} ${call.toolId}${why}${result} ${durationMs.toFixed(1)} ms`;
}
