// Follows a growing log file like `tail -F`: new complete lines as they come, through rotation and truncation.
import fs from 'node:fs/promises';

/** How often the file is checked for growth, rotation and truncation. */
export const FOLLOW_POLL_MS = 250;
/** Bytes read per step; a burst of logging is read in several steps. */
const READ_CHUNK_BYTES = 256 * 1024;

export interface FollowOptions {
  file: string;
  /** Byte offset to start from (the end of what was already shown). */
  from: number;
  onLine: (line: string) => void;
  /** Following stops when this aborts. */
  signal: AbortSignal;
  pollMs?: number;
}

/** Resolves when `signal` aborts; the file may not exist yet (the gateway creates it on start). */
export async function followFile(options: FollowOptions): Promise<void> {
  let handle: fs.FileHandle | undefined;
  let inode: number | undefined;
  let position = options.from;
  let partial = Buffer.alloc(0);

  const drain = async () => {
    if (!handle) return;
    for (;;) {
      const chunk = Buffer.alloc(READ_CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      let buffer = Buffer.concat([partial, chunk.subarray(0, bytesRead)]);
      let newline = buffer.indexOf(0x0a);
      while (newline !== -1) {
        const line = buffer.subarray(0, newline).toString('utf8');
        if (line.trim() !== '') options.onLine(line);
        buffer = buffer.subarray(newline + 1);
        newline = buffer.indexOf(0x0a);
      }
      partial = Buffer.from(buffer);
    }
  };

  const poll = async () => {
    const current = await fs.stat(options.file).catch(() => undefined);
    if (handle && (current === undefined || current.ino !== inode)) {
      // Rotated (renamed away) or removed: finish the old file, then start the new one from its beginning.
      await drain();
      await handle.close();
      handle = undefined;
      position = 0;
      partial = Buffer.alloc(0);
    }
    if (!handle && current) {
      handle = await fs.open(options.file, 'r');
      inode = (await handle.stat()).ino;
    }
    if (!handle) return;
    const size = (await handle.stat()).size;
    if (size < position) {
      // Truncated in place: what is there now is new.
      position = 0;
      partial = Buffer.alloc(0);
    }
    await drain();
  };

  try {
    while (!options.signal.aborted) {
      await poll();
      await sleep(options.pollMs ?? FOLLOW_POLL_MS, options.signal);
    }
  } finally {
    await handle?.close();
  }
}

/** Waits `ms`, or less when `signal` aborts; never rejects. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The byte offset just after the last complete line, so a line being written is shown whole, later. */
export async function endOfLastLine(file: string): Promise<number> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return 0;
  }
  try {
    const size = (await handle.stat()).size;
    const length = Math.min(size, READ_CHUNK_BYTES);
    const tail = Buffer.alloc(length);
    await handle.read(tail, 0, length, size - length);
    const newline = tail.lastIndexOf(0x0a);
    // One line longer than a chunk with no newline yet: take it as it is.
    return newline === -1 ? (length === size ? 0 : size) : size - length + newline + 1;
  } finally {
    await handle.close();
  }
}
