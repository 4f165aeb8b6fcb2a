// `toolgate logs --audit`: the last N audit records across day files, then optionally the new ones as they come.
import { countOf } from '../../errors/index.js';
import fs from 'node:fs';
import path from 'node:path';
import { auditFileName, listAuditFiles } from '../../audit/audit-files.js';
import { printLine } from '../cli-output.js';
import { createAuditFilter, parseAuditLine, renderAuditLine, type AuditFilter } from './audit-line.js';
import { followAuditDays } from './follow-audit-days.js';
import { endOfLastLine } from './follow-file.js';
import { tailLines } from './tail-lines.js';

export interface ShowAuditLogOptions {
  /** TOOLGATE_HOME/audit. */
  dir: string;
  /** Records shown from the end, going back across day files as far as needed. */
  count: number;
  follow: boolean;
  /** The lines as written (non-JSON ones as `{"raw": ...}`) instead of the readable rendering. */
  json: boolean;
  filter: AuditFilter;
  /** Stops following. */
  signal: AbortSignal;
}

export async function showAuditLog(options: ShowAuditLogOptions): Promise<void> {
  const accepts = createAuditFilter(options.filter);
  const show = (text: string) => {
    const line = parseAuditLine(text);
    if (!accepts(line)) return;
    printLine(
      options.json
        ? line.kind === 'record'
          ? text.trim()
          : JSON.stringify({ raw: line.text })
        : renderAuditLine(line),
    );
  };

  const files = await listAuditFiles(options.dir);
  const latest = files.at(-1);
  // The newest file may be getting a line right now: stop at its last complete line and follow from there.
  const end = latest === undefined ? 0 : await endOfLastLine(latest);
  const shown = await tailLines(
    files.map((file) => (file === latest ? { path: file, limit: end } : { path: file })),
    options.count,
    (text) => accepts(parseAuditLine(text)),
  );
  for (const text of shown) show(text);

  if (!options.follow) {
    // -n 0 asks for nothing: nothing is shown, and that is no news.
    if (shown.length === 0 && !options.json && options.count > 0) {
      process.stderr.write(
        files.length === 0
          ? `No audit log yet: ${options.dir} has no day files (a gateway or \`toolgate wrap\` writes one line per tool call).\n`
          : `No matching audit records in ${countOf(files.length, 'day file')} under ${options.dir}.\n`,
      );
    }
    return;
  }
  const today = path.join(options.dir, auditFileName(new Date()));
  await followAuditDays({
    dir: options.dir,
    start: { file: today, offset: latest === today && fs.existsSync(today) ? end : 0 },
    onLine: show,
    signal: options.signal,
  });
}
