// What is said about each finished tool call: one audit line (when the policy audits) and, with --verbose, one stderr line.
import type { AuditLog } from '../audit/audit-log.js';
import { auditEntryOf, type CallOutcome } from '../gates/call-audit.js';
import { firstFailure, type GateDecision } from '../gates/gate-types.js';
import type { PolicyMode } from '../policy/policy-types.js';
import type { TrackedCall } from './call-tracker.js';

export type { CallOutcome } from '../gates/call-audit.js';

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
    const client = this.options.client();
    const entry = auditEntryOf({
      session,
      ...(client === undefined ? {} : { client }),
      toolId: call.toolId,
      mode,
      gates: call.gates,
      started: call.started,
      outcome: end.outcome,
      ...(end.errorCode === undefined ? {} : { errorCode: end.errorCode }),
      requestBytes: call.requestBytes,
      responseBytes: end.responseBytes ?? 0,
      arguments: call.arguments,
      via: 'wrap',
    });
    audit?.record(entry);
    if (onVerbose) onVerbose(verboseLine(mode, entry.decision, call, end, entry.duration_ms));
  }
}

/** `toolgate wrap: enforce BLOCK memory::delete_entities (deny: denied by tools.deny "*::delete_*" in /p/policy.yaml) 0.4 ms` */
export function verboseLine(
  mode: PolicyMode,
  decision: GateDecision,
  call: TrackedCall,
  end: CallEnd,
  durationMs: number,
): string {
  const failed = firstFailure(call.gates);
  const why = failed ? ` (${failed.gate}: ${failed.detail ?? 'failed'})` : end.errorCode ? ` (${end.errorCode})` : '';
  const result =
    end.outcome === 'tool_error' ? ' [isError result]' : end.outcome === 'error' && !failed ? ' [error]' : '';
  return `toolgate wrap: ${mode} ${DECISION_WORDS[decision]} ${call.toolId}${why}${result} ${durationMs.toFixed(1)} ms`;
}
