// One line of the audit log (TOOLGATE_HOME/audit/YYYY-MM-DD.jsonl): parsed, filtered and rendered for `logs --audit`.
import { countOf } from '../../errors/index.js';
import { oneLine } from '../cli-output.js';
import { parseLogLine, type LogLine } from './log-line.js';

export const AUDIT_DECISIONS = ['allowed', 'blocked', 'would_block'] as const;
export type AuditDecision = (typeof AUDIT_DECISIONS)[number];

export interface AuditFilter {
  /** `*` and `?` make it a glob over the whole tool_id; otherwise a substring of it (an exact id included). */
  tool?: string;
  decision?: AuditDecision;
  /** Only calls of this downstream server (`server::...`). */
  server?: string;
}

export { parseLogLine as parseAuditLine };

/** With no filter every line passes; with one, only call records that match it (not raw or `dropped` lines). */
export function createAuditFilter(filter: AuditFilter): (line: LogLine) => boolean {
  const toolMatches = filter.tool === undefined ? undefined : createToolMatcher(filter.tool);
  const any = toolMatches !== undefined || filter.decision !== undefined || filter.server !== undefined;
  return (line) => {
    if (!any) return true;
    if (line.kind === 'raw') return false;
    const toolId = line.record.tool_id;
    if (typeof toolId !== 'string') return false;
    if (toolMatches && !toolMatches(toolId)) return false;
    if (filter.decision !== undefined && line.record.decision !== filter.decision) return false;
    if (filter.server !== undefined && !toolId.startsWith(`${filter.server}::`)) return false;
    return true;
  };
}

function createToolMatcher(pattern: string): (toolId: string) => boolean {
  if (!/[*?]/.test(pattern)) return (toolId) => toolId.includes(pattern);
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const glob = new RegExp(`^${source}$`);
  return (toolId) => glob.test(toolId);
}

/** Wide enough for the longest outcome with its code, `error (DOWNSTREAM_UNAVAILABLE)`, so the columns after it line up. */
const OUTCOME_WIDTH = 30;

/**
 * `09:30:00.123  blocked      github::create_issue          blocked (POLICY_DENIED)           12 ms  abcdef012345  [policy: denied by rule]`
 * Times are UTC, as the day files are; a record from another day than `now`'s starts with its date (`2026-02-27 08:00:00.000`).
 */
export function renderAuditLine(line: LogLine, now: Date = new Date()): string {
  if (line.kind === 'raw') return line.text;
  const { record } = line;
  const time = renderTime(record.time, now);
  if (typeof record.dropped === 'number')
    return `${time}  ${countOf(record.dropped, 'audit record')} dropped here (the writer fell behind or could not write)`;
  const outcome = `${text(record.outcome)}${record.error_code === undefined ? '' : ` (${text(record.error_code)})`}`;
  const duration = typeof record.duration_ms === 'number' ? `${Math.round(record.duration_ms)} ms` : '- ms';
  const failed = Array.isArray(record.gates)
    ? record.gates
        .filter(
          (gate): gate is Record<string, unknown> =>
            typeof gate === 'object' && gate !== null && (gate as Record<string, unknown>).passed === false,
        )
        .map((gate) =>
          gate.detail === undefined ? text(gate.gate) : `${text(gate.gate)}: ${shorten(text(gate.detail), 120)}`,
        )
    : [];
  return [
    time,
    text(record.decision).padEnd(11),
    text(record.tool_id).padEnd(28),
    outcome.padEnd(OUTCOME_WIDTH),
    duration.padStart(8),
    text(record.session).slice(0, 12),
    failed.length > 0 ? `[${failed.join('; ')}]` : '',
  ]
    .filter((part) => part !== '')
    .join('  ');
}

/** `HH:MM:SS.mmm` in UTC, with `YYYY-MM-DD ` before it unless it is `now`'s day; any ISO 8601 time (with or without offset, seconds or fraction). */
function renderTime(value: unknown, now: Date): string {
  const match = typeof value === 'string' ? ISO_TIME.exec(value) : null;
  // A time without an offset is taken as UTC, as toolgate writes its times.
  const iso = match ? match[0].replace(',', '.') : '';
  const ms = match ? Date.parse(match[1] === undefined ? `${iso}Z` : iso) : Number.NaN;
  if (Number.isNaN(ms)) return '--:--:--.---';
  const utc = new Date(ms).toISOString();
  const day = utc.slice(0, 10);
  return day === now.toISOString().slice(0, 10) ? utc.slice(11, 23) : `${day} ${utc.slice(11, 23)}`;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** A field of the record, kept on the record's one line: a tool id or a gate detail came from outside. */
function text(value: unknown): string {
  return value === undefined || value === null ? '-' : oneLine(value);
}

function shorten(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max)}...` : value;
}
