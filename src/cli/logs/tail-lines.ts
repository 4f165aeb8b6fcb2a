// The last N lines of a set of log files that pass a test, read backwards in chunks (logs grow to 20 MiB).
import fs from 'node:fs/promises';

/** Bytes read per step from the end of a file. */
export const TAIL_CHUNK_BYTES = 64 * 1024;

/**
 * `files` oldest first (the rotated `.1`, then the current file); each is read up to its `limit` byte
 * offset (the size seen before following starts), or to its end. Missing files are skipped.
 */
export async function tailLines(
  files: readonly { path: string; limit?: number }[],
  count: number,
  accept: (line: string) => boolean,
): Promise<string[]> {
  const found: string[] = [];
  for (const file of [...files].reverse()) {
    if (found.length >= count) break;
    const lines = await lastLinesOf(file.path, file.limit, count - found.length, accept);
    found.unshift(...lines);
  }
  return found;
}

async function lastLinesOf(
  file: string,
  limit: number | undefined,
  count: number,
  accept: (line: string) => boolean,
): Promise<string[]> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return [];
  }
  try {
    let position = limit ?? (await handle.stat()).size;
    let carry = Buffer.alloc(0);
    const found: string[] = [];
    // Bytes, not text, are carried between chunks, so a character split by a chunk boundary stays whole.
    while (found.length < count && position > 0) {
      const size = Math.min(TAIL_CHUNK_BYTES, position);
      position -= size;
      const chunk = Buffer.alloc(size);
      await handle.read(chunk, 0, size, position);
      let buffer = Buffer.concat([chunk, carry]);
      let newline = buffer.lastIndexOf(0x0a);
      const pending: string[] = [];
      while (newline !== -1) {
        const line = buffer.subarray(newline + 1).toString('utf8');
        if (line.trim() !== '' && accept(line)) pending.unshift(line);
        buffer = buffer.subarray(0, newline);
        newline = buffer.lastIndexOf(0x0a);
      }
      carry = buffer;
      found.unshift(...pending.slice(-Math.max(0, count - found.length)));
    }
    const first = carry.toString('utf8');
    if (found.length < count && position === 0 && first.trim() !== '' && accept(first)) found.unshift(first);
    return found.slice(-count);
  } finally {
    await handle.close();
  }
}
