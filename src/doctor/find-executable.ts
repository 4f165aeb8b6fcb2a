// Resolves a command the way a shell would: a path is checked as is, a bare name is looked up on PATH.
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface FindExecutableOptions {
  /** The PATH (and on Windows PATHEXT) to search; never process.env directly. */
  env: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
}

/** The absolute path of the executable, or undefined when none is found. */
export async function findExecutable(command: string, options: FindExecutableOptions): Promise<string | undefined> {
  const platform = options.platform ?? process.platform;
  if (command.includes('/') || (platform === 'win32' && command.includes('\\'))) {
    return (await isExecutable(command, platform)) ? path.resolve(command) : undefined;
  }
  const pathVariable = options.env.PATH ?? options.env.Path ?? '';
  const extensions =
    platform === 'win32' ? ['', ...(options.env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)] : [''];
  for (const dir of pathVariable.split(path.delimiter).filter(Boolean)) {
    for (const extension of extensions) {
      const candidate = path.join(dir, command + extension);
      if (await isExecutable(candidate, platform)) return candidate;
    }
  }
  return undefined;
}

async function isExecutable(file: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return false;
    if (platform !== 'win32') await fs.access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
