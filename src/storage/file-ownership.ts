// Whether a file toolgate acts on is the user's own: owned by them (or root) and writable by nobody else.
import fs from 'node:fs/promises';
import { GatewayError } from '../errors/index.js';

/** Group and others' write bits: either lets another account change what toolgate runs. */
const WRITABLE_BY_OTHERS = 0o022;
const ROOT_UID = 0;

export interface OwnershipOptions {
  /** The account toolgate runs as; default `process.getuid()`. Undefined (Windows) skips every check. */
  uid?: number | undefined;
}

/** The owner and mode of one file, as `stat` gives them. */
export interface OwnerAndMode {
  uid: number;
  mode: number;
}

/**
 * Why `file` must not be used, or undefined when it may. Like OpenSSH's StrictModes: the owner is the user or
 * root (root can change anything anyway), and neither group nor others may write it.
 */
export function describeUnsafeFile(
  file: string,
  stat: OwnerAndMode,
  options: OwnershipOptions = {},
): string | undefined {
  const uid = 'uid' in options ? options.uid : process.getuid?.();
  if (uid === undefined) return undefined;
  const mode = (stat.mode & 0o777).toString(8);
  if (stat.uid !== uid && stat.uid !== ROOT_UID) {
    return `${file} is owned by uid ${stat.uid}, not by you (uid ${uid}): another account could change what toolgate runs as you, so it is not used. If the file is yours, run: chown ${uid} ${file}; otherwise move it away.`;
  }
  if ((stat.mode & WRITABLE_BY_OTHERS) !== 0) {
    return `${file} has mode ${mode}: other accounts can write it and change what toolgate runs as you, so it is not used. Run: chmod go-w ${file}`;
  }
  return undefined;
}

/** The problem with `file` as it is on disk now (symlinks followed), or undefined; a missing file is no problem. */
export async function checkFileOwnership(file: string, options: OwnershipOptions = {}): Promise<string | undefined> {
  let stat: OwnerAndMode;
  try {
    stat = await fs.stat(file);
  } catch {
    return undefined;
  }
  return describeUnsafeFile(file, stat, options);
}

/**
 * Reads a file only if it is the user's own, checking the very file read (an open handle, not the path
 * again). Rejects with the system error when it cannot be opened (ENOENT for a missing file), and with
 * CONFIG_INVALID naming the owner or mode found and the fix when it is not safe.
 */
export async function readOwnFile(file: string, options: OwnershipOptions = {}): Promise<string> {
  const handle = await fs.open(file, 'r');
  try {
    const problem = describeUnsafeFile(file, await handle.stat(), options);
    if (problem !== undefined) throw new GatewayError('CONFIG_INVALID', problem, { details: { file } });
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
