// wrap's --verbose: one stderr line per tool call, made from its audit entry (never its argument values).
import type { AuditEntry } from '../audit/audit-log.js';
import type { GateDecision } from '../gates/gate-types.js';

const DECISION_WORDS: Record<GateDecision, string> = { allowed: 'ALLOW', blocked: 'BLOCK', would_block: 'WOULD_BLOCK' };

/** `toolgate wrap: enforce BLOCK memory::delete_entities (deny: denied by tools.deny "*::delete_*" in /p/policy.yaml) 0.4 ms` */
export function verboseLine(entry: AuditEntry): string {
  const failed = entry.gates.find((outcome) => !outcome.passed);
  const why = failed
    ? ` (${failed.gate}: ${failed.detail ?? 'failed'})`
    : entry.error_code !== undefined
      ? ` (${entry.error_code})`
      : '';
  const result =
    entry.outcome === 'tool_error' ? ' [isError result]' : entry.outcome === 'error' && !failed ? ' [error]' : '';
  const decision = DECISION_WORDS[entry.decision];
  return `toolgate wrap: ${entry.mode} ${decision} ${entry.tool_id}${why}${result} ${entry.duration_ms.toFixed(1)} ms`;
}
