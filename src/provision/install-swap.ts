// Puts a finished install in place of the previous one, keeping the previous one until the new one is known to start.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface SwappedInstall {
  /** Removes the previous install (when there was one): the new one is kept. */
  discardPrevious(): Promise<void>;
  /** Removes the new install and moves the previous one back (or leaves no folder when there was none). */
  restorePrevious(): Promise<void>;
}

/**
 * Renames `staging` to `dir`. An install already at `dir` is first moved aside to a hidden sibling, so the
 * swap is two renames and a failure between them puts the old folder back.
 */
export async function swapInstall(staging: string, dir: string): Promise<SwappedInstall> {
  const aside = `${path.join(path.dirname(dir), `.${path.basename(dir)}.old-`)}${randomBytes(4).toString('hex')}`;
  let hadPrevious = false;
  try {
    await fs.rename(dir, aside);
    hadPrevious = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    await fs.rename(staging, dir);
  } catch (error) {
    if (hadPrevious) await fs.rename(aside, dir);
    throw error;
  }
  let settled = false;
  return {
    async discardPrevious() {
      if (settled) return;
      settled = true;
      if (hadPrevious) await fs.rm(aside, { recursive: true, force: true });
    },
    async restorePrevious() {
      if (settled) return;
      settled = true;
      await fs.rm(dir, { recursive: true, force: true });
      if (hadPrevious) await fs.rename(aside, dir);
    },
  };
}
