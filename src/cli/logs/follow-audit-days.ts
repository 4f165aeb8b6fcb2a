// Follows the audit log's day file for today and moves on to the next day's file at UTC midnight.
import path from 'node:path';
import { auditFileName } from '../../audit/audit-files.js';
import { followFile, sleep } from './follow-file.js';

/** After midnight, the previous day's file is still read this long: lines recorded at 23:59:59 land a moment later. */
export const DAY_SWITCH_GRACE_MS = 5_000;

export interface FollowAuditDaysOptions {
  dir: string;
  /** Where today's file was read up to already (by the tail); other days start at 0. */
  start: { file: string; offset: number };
  onLine: (line: string) => void;
  signal: AbortSignal;
  now?: () => Date;
  pollMs?: number;
}

/** Resolves when `signal` aborts. */
export async function followAuditDays(options: FollowAuditDaysOptions): Promise<void> {
  const now = options.now ?? (() => new Date());
  const followers: Promise<void>[] = [];
  let day = auditFileName(now());
  let stopCurrent = startFollowing(day);

  function startFollowing(name: string): () => void {
    const file = path.join(options.dir, name);
    const controller = new AbortController();
    const stop = () => controller.abort();
    options.signal.addEventListener('abort', stop, { once: true });
    followers.push(
      followFile({
        file,
        from: file === options.start.file ? options.start.offset : 0,
        signal: controller.signal,
        onLine: options.onLine,
        ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
      }).finally(() => options.signal.removeEventListener('abort', stop)),
    );
    return stop;
  }

  while (!options.signal.aborted) {
    await sleep(msUntilNextUtcDay(now()) + 50, options.signal);
    const next = auditFileName(now());
    if (options.signal.aborted || next === day) continue;
    const stopPrevious = stopCurrent;
    setTimeout(stopPrevious, DAY_SWITCH_GRACE_MS).unref();
    day = next;
    stopCurrent = startFollowing(day);
  }
  await Promise.all(followers);
}

export function msUntilNextUtcDay(time: Date): number {
  const next = Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), time.getUTCDate() + 1);
  return Math.max(0, next - time.getTime());
}
