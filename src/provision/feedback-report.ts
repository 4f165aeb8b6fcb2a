// gateway.submit_feedback's report: version, platform, server health and recent log errors, secrets stripped.
import { countOf } from '../errors/index.js';
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
import { DEFAULT_ISSUES_URL } from '../settings/setting-defaults.js';

export { DEFAULT_ISSUES_URL };

export interface FeedbackInput {
  summary: string;
  details?: string;
}

/** Pieces are cut to these lengths, after redaction: a cut made first could leave a credential's prefix that no longer matches its known value. */
const TITLE_CHARS = 120;
const SERVER_ERROR_CHARS = 200;
const LOG_DETAIL_CHARS = 300;

export async function buildFeedbackReport(
  gateway: Gateway,
  facts: GatewayFacts,
  logsDir: string,
  input: FeedbackInput,
): Promise<{ title: string; body: string }> {
  // The same redactor as every tool result: built-in secret shapes, policy patterns and known credential values.
  const redact = async (text: string): Promise<string> => {
    const filtered = await gateway.policy.filterOutput({ content: [{ type: 'text', text }] });
    return (filtered.content[0] as { text?: string } | undefined)?.text ?? '';
  };
  const health = buildHealthReport(gateway, facts);
  const servers = await Promise.all(
    health.servers.map(async (server) => {
      const error = (server.last_error as { message?: unknown } | undefined)?.message;
      return `- ${server.name}: ${server.state}${typeof error === 'string' ? ` (${(await redact(error)).slice(0, SERVER_ERROR_CHARS)})` : ''}`;
    }),
  );
  const problems = await recentLogProblems(path.join(logsDir, LOG_FILE_NAME));
  const errors = await Promise.all(
    problems.map(
      async ({ head, detail }) =>
        `- ${await redact(head)}${detail ? `: ${(await redact(detail)).slice(0, LOG_DETAIL_CHARS)}` : ''}`,
    ),
  );
  const summary = await redact(input.summary);
  const body = [
    '## What happened',
    summary,
    ...(input.details ? ['', await redact(input.details)] : []),
    '',
    '## Environment',
    `- toolgate ${facts.version} (${facts.transport}, exposure ${facts.exposure})`,
    `- ${process.platform} ${process.arch}, Node ${process.version}`,
    `- status ${health.status}, ${countOf(health.servers.length, 'server')}, ${countOf(gateway.configuredToolCount(), 'tool')} of configured servers, ${countOf(health.config_problems.length, 'config problem')}`,
    '',
    '## Servers',
    ...(servers.length ? servers : ['(none configured)']),
    '',
    '## Recent warnings and errors (log)',
    ...(errors.length ? errors : ['(none)']),
  ].join('\n');
  return { title: summary.split('\n')[0]?.slice(0, TITLE_CHARS) ?? '', body };
}

/** A prefilled new-issue URL; nothing is sent: the user opens it. */
export function issueUrl(report: { title: string; body: string }, base = DEFAULT_ISSUES_URL): string {
  const make = (body: string) => `${base}?${new URLSearchParams({ title: report.title, body }).toString()}`;
  let body = report.body;
  while (make(body).length > MAX_ISSUE_URL_CHARS && body.length > 100)
    body = `${body.slice(0, Math.floor(body.length * 0.8))}\n[cut to fit a URL]`;
  return make(body);
}

interface LogProblem {
  /** Time, server and message. */
  head: string;
  detail?: string;
}

async function recentLogProblems(file: string): Promise<LogProblem[]> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const { size } = await handle.stat();
    const length = Math.min(size, LOG_TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const lines = buffer
      .toString('utf8')
      .split('\n')
      .slice(size > length ? 1 : 0);
    const problems: LogProblem[] = [];
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
      problems.push({
        head: `${String(record.time ?? '')}${where} ${String(record.msg ?? '')}`,
        ...(detail ? { detail: String(detail) } : {}),
      });
    }
    return problems.slice(-MAX_REPORTED_LOG_LINES);
  } catch {
    return [];
  } finally {
    await handle?.close();
  }
}
