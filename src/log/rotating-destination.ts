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
  try {
    if (fs.statSync(file).size <= maxBytes) return false;
    fs.renameSync(file, `${file}${ROTATED_SUFFIX}`);
    return true;
  } catch {
    // No file yet, or another process rotated it first.
    return false;
  }
}

/**
 * Wraps `destination` (already open on `file`). Bytes are counted as lines are written; once the count passes
 * the cap, the file's real size decides (lines are written asynchronously, and other short-lived processes,
 * CLI engines, may share the file). Lines still buffered when the file is renamed go to the fresh file.
 */
export function createRotatingDestination(destination: ReopenableDestination, file: string, maxBytes: number): RotatingDestination {
  let written = sizeOf(file);
  return {
    write(chunk: string): boolean {
      const ok = destination.write(chunk);
      written += Buffer.byteLength(chunk, 'utf8');
      if (written <= maxBytes) return ok;
      if (rotateIfLarge(file, maxBytes)) {
        written = 0;
        destination.reopen();
      } else {
        // Not over yet on disk (lines still in flight), or not created yet: count from what is there.
        written = sizeOf(file);
      }
      return ok;
    },
  };
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
