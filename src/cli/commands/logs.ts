// `toolgate logs`: the gateway's JSON-lines log (or, with --audit, the audit log) rendered readably, filtered, optionally followed.
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { GatewayError } from '../../errors/index.js';
import { LOG_FILE_NAME } from '../../log/file-logger.js';
import { cliContext } from '../cli-context.js';
import { printLine } from '../cli-output.js';
import { AUDIT_DECISIONS, type AuditDecision } from '../logs/audit-line.js';
import { showAuditLog } from '../logs/show-audit-log.js';
import { endOfLastLine, followFile } from '../logs/follow-file.js';
import {
  LOG_LEVELS,
  matchesFilter,
  parseLogLine,
  renderLogLine,
  type LogFilter,
  type LogLevelName,
  type LogLine,
} from '../logs/log-line.js';
import { tailLines } from '../logs/tail-lines.js';
import { parseIntegerFlag } from '../integer-flag.js';

export const DEFAULT_TAIL_LINES = 100;

interface LogsFlags {
  follow?: boolean;
  tail: string;
  level?: LogLevelName;
  server?: string;
  json?: boolean;
  audit?: boolean;
  tool?: string;
  decision?: AuditDecision;
}

export function registerLogs(program: Command): void {
  program
    .command('logs')
    .description(
      'show the gateway log (TOOLGATE_HOME/logs/toolgate.jsonl and its rotated .1), or with --audit the audit log (TOOLGATE_HOME/audit/YYYY-MM-DD.jsonl), readably',
    )
    .option('-f, --follow', 'keep printing new lines until Ctrl-C (follows rotation and truncation)')
    .option('-n, --tail <N>', 'show the last N matching lines first', String(DEFAULT_TAIL_LINES))
    .addOption(new Option('--level <level>', 'only this level and above').choices(Object.keys(LOG_LEVELS)))
    .option('--server <name>', 'only lines about this downstream server')
    .option(
      '--json',
      'print one JSON object per line: the log record as written, or {"raw": "..."} for a line that is not JSON',
    )
    .option(
      '--audit',
      'the audit log instead: one record per tool call (time, decision, tool, outcome, duration, session, failed gates)',
    )
    .option(
      '--tool <id-or-glob>',
      'with --audit: only calls of tools whose id contains this, or matches it as a glob with * and ?',
    )
    .addOption(
      new Option('--decision <decision>', 'with --audit: only calls with this decision').choices(AUDIT_DECISIONS),
    )
    .action(async (flags: LogsFlags) => {
      const count = parseIntegerFlag(
        '-n/--tail',
        flags.tail,
        0,
        Number.MAX_SAFE_INTEGER,
        `For example -n ${DEFAULT_TAIL_LINES}.`,
      );
      const { paths } = cliContext();
      checkAuditFlags(flags);
      if (flags.audit) {
        await runAudit(path.join(paths.home, 'audit'), count, flags);
        return;
      }
      const file = path.join(paths.logsDir, LOG_FILE_NAME);
      const filter: LogFilter = {
        ...(flags.level ? { minLevel: LOG_LEVELS[flags.level] } : {}),
        ...(flags.server ? { server: flags.server } : {}),
      };
      const show = (line: LogLine) =>
        printLine(
          flags.json ? JSON.stringify(line.kind === 'record' ? line.record : { raw: line.text }) : renderLogLine(line),
        );
      const accept = (text: string) => matchesFilter(parseLogLine(text), filter);

      const end = await endOfLastLine(file);
      const shown = await tailLines([{ path: `${file}.1` }, { path: file, limit: end }], count, accept);
      for (const text of shown) show(parseLogLine(text));
      if (!flags.follow) {
        // -n 0 asks for nothing: nothing is shown, and that is no news.
        if (shown.length === 0 && !flags.json && count > 0) {
          process.stderr.write(
            fs.existsSync(file)
              ? `No matching log lines in ${file} (or its rotated ${LOG_FILE_NAME}.1).\n`
              : `No log yet: ${file} does not exist (a gateway writes it once it runs).\n`,
          );
        }
        return;
      }
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // `toolgate logs -f | head` closes the pipe: stop quietly instead of crashing on EPIPE.
      process.stdout.on('error', stop);
      await followFile({
        file,
        from: end,
        signal: controller.signal,
        onLine: (text) => {
          const line = parseLogLine(text);
          if (matchesFilter(line, filter)) show(line);
        },
      });
    });
}

function checkAuditFlags(flags: LogsFlags): void {
  if (flags.audit && flags.level !== undefined) {
    throw new GatewayError('USAGE', '--level applies to the gateway log; audit records have no level.', {
      hint: 'Drop --level, or filter audit records with --decision blocked|would_block|allowed.',
    });
  }
  const auditOnly = [
    flags.tool === undefined ? undefined : '--tool',
    flags.decision === undefined ? undefined : '--decision',
  ].filter(Boolean);
  if (!flags.audit && auditOnly.length > 0) {
    const only = auditOnly.length === 1 ? `${auditOnly[0]} only applies` : `${auditOnly.join(' and ')} only apply`;
    throw new GatewayError('USAGE', `${only} to the audit log, and --audit was not given.`, {
      hint: `Add --audit, e.g. toolgate logs --audit ${auditOnly[0]} ...`,
    });
  }
}

async function runAudit(dir: string, count: number, flags: LogsFlags): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  if (flags.follow) {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.stdout.on('error', stop);
  }
  await showAuditLog({
    dir,
    count,
    follow: flags.follow === true,
    json: flags.json === true,
    filter: {
      ...(flags.tool === undefined ? {} : { tool: flags.tool }),
      ...(flags.decision === undefined ? {} : { decision: flags.decision }),
      ...(flags.server === undefined ? {} : { server: flags.server }),
    },
    signal: controller.signal,
  });
}
