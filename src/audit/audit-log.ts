// The audit log: one redacted JSON line per tool call, appended off the call path to a file per UTC day.
import path from 'node:path';
import { appendWholeLines } from './append-lines.js';
import { formatAuditLine, type AuditEntry } from './audit-entry.js';
import { auditFileName, DEFAULT_RETENTION_DAYS, pruneAuditFiles } from './audit-files.js';

export type { AuditEntry, GateOutcome } from './audit-entry.js';
export { MAX_AUDIT_LINE_BYTES } from './audit-entry.js';
export { auditFileName, DEFAULT_RETENTION_DAYS, listAuditFiles } from './audit-files.js';
export { redactArguments } from './redact-arguments.js';

export const DEFAULT_MAX_BUFFERED_LINES = 10_000;
export const DEFAULT_MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Lines of one day written by one write call, at most (a local file system takes this in one piece). */
const MAX_BATCH_BYTES = 256 * 1024;

export interface AuditLogOptions {
  /** The audit folder (`TOOLGATE_HOME/audit`); made with mode 0700 when missing, files get 0600. */
  dir: string;
  /** Object keys whose values are replaced whole; usually the policy's `redactKeys` (its defaults plus `redact_keys`). A function is read per record (a refreshed policy). */
  redactKeys: readonly string[] | (() => readonly string[]);
  /** The policy's text redactor (known secret values and built-in credential patterns). */
  redactText: (text: string) => string;
  /** Clock for the record time and the day file; default `new Date()`. */
  now?: () => Date;
  /**
   * A write failed (or a record could not be formatted). Called once when writing starts failing, not for
   * every line; called again only after a write has succeeded in between. Default: ignored.
   */
  onError?: (error: Error) => void;
  /** Day files older than this many days are deleted on creation, best effort; 0 keeps all. Default 30. */
  retentionDays?: number;
  /** Lines waiting to be written, at most; past it, records are dropped and counted. Default 10,000. */
  maxBufferedLines?: number;
  /** Bytes waiting to be written, at most. Default 8 MiB. */
  maxBufferedBytes?: number;
}

export interface AuditLog {
  /** Never throws, never waits: the line is queued and written soon after. Ignored after close(). */
  record(entry: AuditEntry): void;
  /** Resolves when every record made so far is on disk (or its write has failed and been reported). */
  flush(): Promise<void>;
  /** Flushes, then stops; idempotent. */
  close(): Promise<void>;
}

interface Pending {
  file: string;
  line: string;
  bytes: number;
  /** Set on a `{"dropped": N}` line: the records it stands for. */
  dropped?: number;
}

export function createAuditLog(options: AuditLogOptions): AuditLog {
  const now = options.now ?? (() => new Date());
  const maxLines = options.maxBufferedLines ?? DEFAULT_MAX_BUFFERED_LINES;
  const maxBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
  const { redactKeys } = options;
  const lineOptions = () => ({
    redactKeys: typeof redactKeys === 'function' ? redactKeys() : redactKeys,
    redactText: options.redactText,
  });
  let queue: Pending[] = [];
  let queuedBytes = 0;
  /** Recorded, not yet formatted: the entries hold the call's own argument objects until then. */
  let unformatted: Array<{ entry: AuditEntry; time: Date } | { drops: number }> = [];
  let unformattedEntries = 0;
  let unformattedBytes = 0;
  /** Records lost (buffer full, or their write failed) since the last `dropped` line. */
  let dropped = 0;
  let failing = false;
  let closed: Promise<void> | undefined;
  let writing: Promise<void> | undefined;

  const report = (error: unknown) => {
    try {
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
    } catch {
      // The caller's handler must not break the writer either.
    }
  };

  const enqueue = (line: string, time: Date, droppedCount?: number) => {
    const bytes = Buffer.byteLength(line);
    queue.push({
      file: path.join(options.dir, auditFileName(time)),
      line,
      bytes,
      ...(droppedCount === undefined ? {} : { dropped: droppedCount }),
    });
    queuedBytes += bytes;
  };

  /** Marks the gap where records were lost, before the next line, once there is room again. */
  const noteDrops = (time: Date) => {
    if (dropped === 0) return;
    enqueue(`${JSON.stringify({ time: time.toISOString(), dropped })}\n`, time, dropped);
    dropped = 0;
  };

  const writeNextBatch = async () => {
    const file = queue[0]!.file;
    let count = 0;
    let bytes = 0;
    while (
      count < queue.length &&
      queue[count]!.file === file &&
      (count === 0 || bytes + queue[count]!.bytes <= MAX_BATCH_BYTES)
    ) {
      bytes += queue[count]!.bytes;
      count += 1;
    }
    const batch = queue.slice(0, count);
    queue = queue.slice(count);
    queuedBytes -= bytes;
    try {
      await appendWholeLines(file, Buffer.from(batch.map((entry) => entry.line).join('')));
      failing = false;
    } catch (error) {
      dropped += batch.reduce((sum, entry) => sum + (entry.dropped ?? 1), 0);
      if (!failing) report(error);
      failing = true;
    }
  };

  /** Turns the records made since the last drain into lines, in order. */
  const formatRecorded = () => {
    const entries = unformatted;
    unformatted = [];
    unformattedEntries = 0;
    unformattedBytes = 0;
    for (const item of entries) {
      if ('drops' in item) {
        dropped += item.drops;
        continue;
      }
      const { entry, time } = item;
      pruneOnNewDay(time);
      let line: string;
      try {
        line = formatAuditLine(entry, time, lineOptions());
      } catch (error) {
        dropped += 1;
        report(error);
        continue;
      }
      if (queuedBytes + Buffer.byteLength(line) > maxBytes) {
        dropped += 1;
        continue;
      }
      noteDrops(time);
      enqueue(line, time);
    }
  };

  const drain = (): Promise<void> => {
    writing ??= (async () => {
      // Let a burst of records made in the same tick gather into one write.
      await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        formatRecorded();
        while (queue.length > 0) {
          await writeNextBatch();
          formatRecorded();
        }
      } finally {
        writing = undefined;
      }
    })();
    return writing;
  };

  // At creation, and again on the first record of each new day: a gateway may run for weeks.
  const retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  let prunedFor = auditFileName(now());
  let pruning: Promise<unknown> = pruneAuditFiles(options.dir, retentionDays, now()).catch(() => []);
  const pruneOnNewDay = (time: Date) => {
    const day = auditFileName(time);
    if (day === prunedFor) return;
    prunedFor = day;
    pruning = pruning.then(() => pruneAuditFiles(options.dir, retentionDays, time)).catch(() => []);
  };

  const flush = async () => {
    while (unformatted.length > 0 || queue.length > 0 || writing) await drain();
    formatRecorded();
    noteDrops(now());
    while (queue.length > 0 || writing) await drain();
    await pruning;
  };

  return {
    record(entry) {
      if (closed) return;
      // Formatting (redaction) waits for the drain, after the caller has answered its client.
      // Waiting records hold their call's arguments: their size counts against the byte cap too.
      const weight = Math.max(0, entry.request_bytes);
      // A record alone is always taken, however large its arguments: every call gets its line when the writer keeps up.
      const waiting = unformattedEntries + queue.length;
      if (waiting >= maxLines || (waiting > 0 && queuedBytes + unformattedBytes + weight > maxBytes)) {
        // The gap is marked where it happened: after the records accepted before it.
        const last = unformatted.at(-1);
        if (last && 'drops' in last) last.drops += 1;
        else unformatted.push({ drops: 1 });
        return;
      }
      unformattedEntries += 1;
      unformattedBytes += weight;
      unformatted.push({ entry, time: now() });
      void drain();
    },
    flush,
    close() {
      closed ??= flush();
      return closed;
    },
  };
}
