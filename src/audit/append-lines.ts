// Appends whole lines to a file shared with other processes, so that no process's line is split by another's.
import { constants } from 'node:fs';
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
    handle = await openForAppend(file, fileMode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // The folder was never made, or was removed while running (a user cleaning up): make it and retry once.
    await fs.mkdir(path.dirname(file), { recursive: true, mode: dirMode });
    handle = await openForAppend(file, fileMode);
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

/** O_APPEND, and O_NOFOLLOW: a symlink planted at the file's name would have the lines written wherever it points. */
const APPEND_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW;

async function openForAppend(file: string, fileMode: number): Promise<fs.FileHandle> {
  // The folder itself must not be a symlink either (O_NOFOLLOW covers only the last name).
  const folder = await fs.lstat(path.dirname(file));
  if (folder.isSymbolicLink()) throw symlinkError(path.dirname(file));
  try {
    return await fs.open(file, APPEND_FLAGS, fileMode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw symlinkError(file);
    throw error;
  }
}

function symlinkError(target: string): Error {
  return new Error(
    `${target} is a symbolic link: the audit log never writes through one (it could point at any file of yours). Remove it (rm ${target}); toolgate makes a real one.`,
  );
}
