// gateway.submit_feedback's report: version, platform, server health and recent log errors, secrets stripped.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Gateway } from '../gateway/gateway.js';
import { buildHealthReport, type GatewayFacts } from '../gateway/health-report.js';
import { LOG_FILE_NAME } from '../log/file-logger.js';

/** Only the end of the log is read. */
export const LOG_TAIL_BYTES = 256 * 1024;
export const MAX_REPORTED_LOG_LINES = 10;
/** Browsers and GitHub refuse much longer URLs; the body is cut to fit. */
export const MAX_ISSUE_URL_CHARS = 7_500;
export const DEFAULT_ISSUES_URL = 'https://github.com/toolgate/toolgate/issues/new';

export interface FeedbackInput {
  summary: string;
  details?: string;
}

export async function buildFeedbackReport(gateway: Gateway, facts: GatewayFacts, logsDir: string, input: FeedbackInput): Promise<{ title: string; body: string }> {
  const health = buildHealthReport(gateway, facts);
  const servers = health.servers.map((server) => {
    const error = (server.last_error as { message?: unknown } | undefined)?.message;
    return `- ${server.name}: ${server.state}${typeof error === 'string' ? ` (${error.slice(0, 200)})` : ''}`;
  });
  const errors = await recentLogProblems(path.join(logsDir, LOG_FILE_NAME));
  const body = [
    '## What happened',
    input.summary,
    ...(input.details ? ['', input.details] : []),
    '',
    '## Environment',
    `- toolgate ${facts.version} (${facts.transport}, exposure ${facts.exposure})`,
    `- ${process.platform} ${process.arch}, Node ${process.version}`,
    `- status ${health.status}, ${health.servers.length} servers, ${gateway.index.size} tools in the catalog, ${health.config_problems.length} config problems`,
    '',
    '## Servers',
    ...(servers.length ? servers : ['(none configured)']),
    '',
    '## Recent warnings and errors (log)',
    ...(errors.length ? errors.map((line) => `- ${line}`) : ['(none)']),
  ].join('\n');
  // The same redactor as every tool result: built-in secret shapes, policy patterns and known credential values.
  const redacted = await gateway.policy.filterOutput({ content: [{ type: 'text', text: `${input.summary.slice(0, 120)}\n${body}` }] });
  const text = (redacted.content[0] as { text?: string } | undefined)?.text ?? '';
  const newline = text.indexOf('\n');
  return { title: text.slice(0, newline), body: text.slice(newline + 1) };
}

/** A prefilled new-issue URL; nothing is sent: the user opens it. */
export function issueUrl(report: { title: string; body: string }, base = DEFAULT_ISSUES_URL): string {
  const make = (body: string) => `${base}?${new URLSearchParams({ title: report.title, body }).toString()}`;
  let body = report.body;
  while (make(body).length > MAX_ISSUE_URL_CHARS && body.length > 100) body = `${body.slice(0, Math.floor(body.length * 0.8))}\n[cut to fit a URL]`;
  return make(body);
}

async function recentLogProblems(file: string): Promise<string[]> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const { size } = await handle.stat();
    const length = Math.min(size, LOG_TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n').slice(size > length ? 1 : 0);
    const problems: string[] = [];
    for (const line of lines) {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (typeof record.level !== 'number' || record.level < 40) continue;
      const where = typeof record.server === 'string' ? ` [${record.server}]` : '';
      const detail = [record.err, record.problem, record.code].find((value) => typeof value === 'string');
      problems.push(`${String(record.time ?? '')}${where} ${String(record.msg ?? '')}${detail ? `: ${String(detail).slice(0, 300)}` : ''}`);
    }
    return problems.slice(-MAX_REPORTED_LOG_LINES);
  } catch {
    return [];
  } finally {
    await handle?.close();
  }
}
