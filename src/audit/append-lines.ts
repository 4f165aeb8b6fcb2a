// Appends whole lines to a file shared with other processes, so that no process's line is split by another's.
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Opened with O_APPEND: each write(2) lands at the end of the file as one piece, so batches written by a
 * gateway and a `toolgate wrap` at the same moment never interleave mid-line. Hence one write call per
 * batch (fs.appendFile would split a large buffer into several writes); keep batches well under the
 * size a local file system writes in one go.
 */
export async function appendWholeLines(file: string, lines: Buffer, dirMode = 0o700, fileMode = 0o600): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'a', fileMode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // The folder was never made, or was removed while running (a user cleaning up): make it and retry once.
    await fs.mkdir(path.dirname(file), { recursive: true, mode: dirMode });
    handle = await fs.open(file, 'a', fileMode);
  }
  try {
    let offset = 0;
    while (offset < lines.length) {
      // A short write is rare on a local file (a full disk, a signal); the rest follows as best we can.
      const { bytesWritten } = await handle.write(lines, offset, lines.length - offset);
      if (bytesWritten <= 0) throw new Error(`Wrote 0 of ${lines.length - offset} bytes to ${file}.`);
      offset += bytesWritten;
    }
  } finally {
    await handle.close();
  }
}
