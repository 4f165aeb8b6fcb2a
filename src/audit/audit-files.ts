// The audit log's files: one `YYYY-MM-DD.jsonl` per UTC day, listed in date order, pruned by age.
import fs from 'node:fs/promises';
import path from 'node:path';

export const DEFAULT_RETENTION_DAYS = 30;

const DAY_FILE = /^(\d{4})-(\d{2})-(\d{2})\.jsonl$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** `2026-03-01.jsonl` for any time on that UTC day. */
export function auditFileName(time: Date): string {
  return `${time.toISOString().slice(0, 10)}.jsonl`;
}

/** The UTC midnight a day file is named after; undefined for any other file name. */
export function dateOfAuditFile(name: string): Date | undefined {
  const match = DAY_FILE.exec(name);
  if (!match) return undefined;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  // `2026-02-31.jsonl` is not a day toolgate wrote.
  return auditFileName(date) === name ? date : undefined;
}

/** Day files in `dir`, oldest first, as full paths; none when the folder does not exist. */
export async function listAuditFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => dateOfAuditFile(name) !== undefined)
    .sort()
    .map((name) => path.join(dir, name));
}

/**
 * Deletes the day files more than `retentionDays` days before `now`'s UTC day (with 30, on 2026-03-31 the
 * file of 2026-03-01 stays and 2026-02-28 goes). 0 keeps everything. Best effort: a file that cannot be
 * removed stays; the names of the removed files are returned.
 */
export async function pruneAuditFiles(dir: string, retentionDays: number, now: Date): Promise<string[]> {
  if (!(retentionDays > 0)) return [];
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const oldestKept = today - retentionDays * DAY_MS;
  const removed: string[] = [];
  for (const file of await listAuditFiles(dir)) {
    const date = dateOfAuditFile(path.basename(file));
    if (date === undefined || date.getTime() >= oldestKept) continue;
    try {
      await fs.rm(file, { force: true });
      removed.push(path.basename(file));
    } catch {
      // Another process may hold or have removed it; the next start tries again.
    }
  }
  return removed;
}
