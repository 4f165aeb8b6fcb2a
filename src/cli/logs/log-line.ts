// One line of toolgate's JSON-lines log: parsed when it is JSON, kept raw when not, filtered and rendered.
import { oneLine } from '../cli-output.js';

/** pino's numeric levels. */
export const LOG_LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
export type LogLevelName = keyof typeof LOG_LEVELS;

export type LogLine = { kind: 'record'; record: Record<string, unknown> } | { kind: 'raw'; text: string };

export interface LogFilter {
  /** Lowest level shown. Raw lines have no level and always pass. */
  minLevel?: number;
  /** Only records whose `server` field is this; raw lines never match. */
  server?: string;
}

/** A value longer than this is cut in the readable rendering (the file keeps it whole). */
const MAX_FIELD_CHARS = 200;
/** Fields every record has, or that are shown in their own column. */
const SHOWN_APART = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'server', 'session']);

export function parseLogLine(text: string): LogLine {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(trimmed);
      if (typeof value === 'object' && value !== null && !Array.isArray(value))
        return { kind: 'record', record: value as Record<string, unknown> };
    } catch {
      // Not JSON after all (a line cut short by a crash): shown as it is.
    }
  }
  return { kind: 'raw', text };
}

export function matchesFilter(line: LogLine, filter: LogFilter): boolean {
  if (line.kind === 'raw') return filter.server === undefined;
  if (filter.minLevel !== undefined && typeof line.record.level === 'number' && line.record.level < filter.minLevel)
    return false;
  if (filter.server !== undefined && line.record.server !== filter.server) return false;
  return true;
}

/** `2026-03-01 09:30:00.123  WARN  [github] server disabled  problem="..."` */
export function renderLogLine(line: LogLine): string {
  if (line.kind === 'raw') return line.text;
  const { record } = line;
  const time =
    typeof record.time === 'string'
      ? record.time.replace('T', ' ').replace(/Z$/, '')
      : typeof record.time === 'number'
        ? new Date(record.time).toISOString().replace('T', ' ').replace(/Z$/, '')
        : '-';
  const where = [
    record.server === undefined ? undefined : oneLine(record.server),
    record.session === undefined ? undefined : `session ${oneLine(record.session).slice(0, 12)}`,
  ]
    .filter(Boolean)
    .join(' ');
  const fields = Object.entries(record)
    .filter(([key]) => !SHOWN_APART.has(key))
    .map(
      ([key, value]) =>
        `${key}=${shorten(typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value)))}`,
    );
  return [
    time,
    levelName(record.level).toUpperCase().padEnd(5),
    where ? `[${where}]` : '',
    oneLine(record.msg ?? ''),
    ...fields,
  ]
    .filter((part) => part !== '')
    .join('  ');
}

function levelName(level: unknown): string {
  const found = Object.entries(LOG_LEVELS).find(([, value]) => value === level);
  return found ? found[0] : typeof level === 'string' ? level : '?';
}

function shorten(text: string): string {
  return text.length > MAX_FIELD_CHARS ? `${text.slice(0, MAX_FIELD_CHARS)}...` : text;
}
