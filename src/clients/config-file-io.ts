// Reading, backing up and atomically replacing a client's config file, keeping its mode and symlinks.
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import { GatewayError } from '../errors/index.js';
import { writeFileAtomic } from '../storage/atomic-write.js';

export const BACKUP_INFIX = '.toolgate-backup-';

/** The file's text, or undefined when it does not exist. */
export async function readOptionalText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new GatewayError(
      'CONFIG_INVALID',
      `${file} could not be read (${code ?? 'unknown error'}). Nothing was changed.`,
      {
        hint: 'Check that it is a file you can read, or pass another path with --file.',
        cause: error,
      },
    );
  }
}

/** `2026-03-01T09-30-00-123Z`: sortable, and legal in file names on every platform. */
export function backupStamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/** Copies `file` beside itself as `<file>.toolgate-backup-<stamp>` with the same mode; never overwrites a backup. */
export async function backupFile(file: string, date: Date): Promise<string> {
  const mode = (await fs.stat(file)).mode & 0o777;
  const base = `${file}${BACKUP_INFIX}${backupStamp(date)}`;
  for (let attempt = 0; ; attempt += 1) {
    const target = attempt === 0 ? base : `${base}-${attempt}`;
    try {
      await fs.copyFile(file, target, constants.COPYFILE_EXCL);
      await fs.chmod(target, mode);
      return target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 20) throw error;
    }
  }
}

/**
 * Replaces the file atomically. A symlinked config (dotfile managers) is written through to its target,
 * and an existing file keeps its mode; a new one gets `newFileMode`. `private`: group and others lose
 * every permission (the content holds a credential).
 */
export async function writeConfigAtomic(
  file: string,
  content: string,
  newFileMode = 0o644,
  options: { private?: boolean } = {},
): Promise<void> {
  let target = file;
  let mode = newFileMode;
  try {
    target = await fs.realpath(file);
    mode = (await fs.stat(target)).mode & 0o777;
  } catch {
    // A new file.
  }
  await writeFileAtomic(target, content, { mode: options.private ? mode & 0o700 : mode });
}
