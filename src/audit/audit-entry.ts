// What one audit record says about one tool call, and how it becomes one redacted JSON line under 16 KB.
import { redactAndCap, redactArguments } from './redact-arguments.js';

export interface GateOutcome {
  gate: string;
  passed: boolean;
  detail?: string;
}

export interface AuditEntry {
  session: string;
  client?: string;
  /** What was asked for when not a tool call: prompt, resource or completion (tool_id then names it). */
  kind?: string;
  tool_id: string;
  mode: 'enforce' | 'monitor';
  /** allowed: forwarded; blocked: replaced by an error; would_block: monitor mode let a failing call through */
  decision: 'allowed' | 'blocked' | 'would_block';
  gates: GateOutcome[];
  duration_ms: number;
  /** ok | tool_error (isError result) | error (the call failed) | blocked */
  outcome: 'ok' | 'tool_error' | 'error' | 'blocked';
  error_code?: string;
  request_bytes: number;
  response_bytes: number;
  /** raw call arguments; the audit log redacts them before writing */
  arguments?: unknown;
  /** where the call came through: gateway (progressive/flat/hybrid) or wrap */
  via?: string;
}

/** One audit line, newline included, is always shorter than this. */
export const MAX_AUDIT_LINE_BYTES = 16 * 1024;
/** Identifiers (session, client, tool_id, via, gate names, error_code) are cut past this. */
const MAX_NAME_CHARS = 256;
const MAX_DETAIL_CHARS = 400;
const MAX_GATE_NAME_CHARS = 64;
const MAX_GATES = 16;

export interface AuditLineOptions {
  redactKeys: readonly string[];
  redactText: (text: string) => string;
}

/** `{ time, ...entry }` as JSON with the arguments redacted and every free text capped; ends with `\n`. */
export function formatAuditLine(entry: AuditEntry, time: Date, options: AuditLineOptions): string {
  const name = (text: unknown) => redactAndCap(String(text), MAX_NAME_CHARS, options.redactText);
  const { arguments: rawArguments, ...rest } = entry;
  const gates = (Array.isArray(entry.gates) ? entry.gates : []).slice(0, MAX_GATES).map((gate) => ({
    gate: redactAndCap(String(gate.gate), MAX_GATE_NAME_CHARS, options.redactText),
    passed: gate.passed === true,
    ...(gate.detail === undefined
      ? {}
      : { detail: redactAndCap(String(gate.detail), MAX_DETAIL_CHARS, options.redactText) }),
  }));
  const record: Record<string, unknown> = {
    time: time.toISOString(),
    ...rest,
    session: name(entry.session),
    ...(entry.client === undefined ? {} : { client: name(entry.client) }),
    tool_id: name(entry.tool_id),
    ...(entry.kind === undefined ? {} : { kind: name(entry.kind) }),
    gates,
    ...(entry.error_code === undefined ? {} : { error_code: name(entry.error_code) }),
    ...(entry.via === undefined ? {} : { via: name(entry.via) }),
  };
  if (Array.isArray(entry.gates) && entry.gates.length > MAX_GATES)
    record.gates_omitted = entry.gates.length - MAX_GATES;
  const head = JSON.stringify(record);
  const omitted = rawArguments === undefined ? {} : { arguments: '[omitted: over the audit line size cap]' };
  if (rawArguments !== undefined) {
    // What is left of the line for the arguments, with room for the key and for JSON escaping the rough count misses.
    const room = MAX_AUDIT_LINE_BYTES - Buffer.byteLength(head) - 64;
    const redacted = redactArguments(rawArguments, options.redactKeys, options.redactText, {
      maxTotalChars: Math.max(256, Math.floor(room * 0.75)),
    });
    const line = `${JSON.stringify({ ...record, arguments: redacted })}\n`;
    if (Buffer.byteLength(line) < MAX_AUDIT_LINE_BYTES) return line;
  }
  // Multi-byte text or heavy escaping can overshoot the rough count: the arguments give way, never the line.
  const without = `${JSON.stringify({ ...record, ...omitted })}\n`;
  if (Buffer.byteLength(without) < MAX_AUDIT_LINE_BYTES) return without;
  // Only gate details written almost wholly in escaped or multi-byte characters get here: they give way too.
  const bare = gates.map((gate) => ({ gate: gate.gate, passed: gate.passed }));
  return `${JSON.stringify({ ...record, gates: bare, gate_details_omitted: true, ...omitted })}\n`;
}
