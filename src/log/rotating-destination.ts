// Counts the bytes written to the log file and rotates it (to `.1`) whenever it passes its cap, while running.
import fs from 'node:fs';

/** The part of pino's file destination (sonic-boom) rotation needs. */
export interface ReopenableDestination {
  write(chunk: string): boolean;
  reopen(): void;
}

export interface RotatingDestination {
  write(chunk: string): boolean;
}

/** The previous file keeps this suffix; `toolgate logs` reads it before the current file. */
export const ROTATED_SUFFIX = '.1';

/** Renames `file` to `file.1` (replacing an older one) when it is over `maxBytes`; true when it did. */
export function rotateIfLarge(file: string, maxBytes: number): boolean {
  return fileSize(file) > maxBytes && rotateNow(file);
}

/** Renames `file` to `file.1` whatever its size (the caller counted the bytes itself); true when it did. */
export function rotateNow(file: string): boolean {
  try {
    fs.renameSync(file, `${file}${ROTATED_SUFFIX}`);
    return true;
  } catch {
    // No file yet, or another process rotated it first.
    return false;
  }
}

/**
 * Wraps `destination` (already open on `file`). Bytes are counted as lines are written, from the file's size
 * at start; once the count passes the cap the file is rotated. The count, not the size on disk, decides: lines
 * are written asynchronously, so the disk lags by whatever is in flight, and waiting for it let a file pass
 * its cap by as much as the load delayed the writes. Lines still buffered when the file is renamed go to the
 * fresh file. Other short-lived processes (CLI engines) sharing the file only make it rotate sooner.
 */
export function createRotatingDestination(
  destination: ReopenableDestination,
  file: string,
  maxBytes: number,
): RotatingDestination {
  let written = fileSize(file);
  return {
    write(chunk: string): boolean {
      const ok = destination.write(chunk);
      written += Buffer.byteLength(chunk, 'utf8');
      if (written <= maxBytes) return ok;
      // Counted over: rotate even if the disk has not caught up. No file yet (still being created) counts again.
      if (rotateNow(file)) {
        written = 0;
        destination.reopen();
      } else {
        written = fileSize(file);
      }
      return ok;
    },
  };
}

/** The file's size in bytes, 0 when it does not exist (yet). */
function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
