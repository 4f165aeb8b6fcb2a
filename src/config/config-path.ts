// How a path written in a config file (or given as --config) becomes an absolute path.
import fs from 'node:fs/promises';
import path from 'node:path';

/** Expands a leading `~` (which no shell expanded, since it sat in a JSON file or an env var). */
function expandHome(value: string, homeDir: string): string {
  if (value === '~') return homeDir;
  if (value.startsWith('~/') || value.startsWith('~\\')) return path.join(homeDir, value.slice(2));
  return value;
}

export function resolveConfigPath(value: string, baseDir: string, homeDir: string): string {
  return path.resolve(baseDir, expandHome(value, homeDir));
}

/** A command with a separator is a path (`./server.js`); a bare one (`npx`) is looked up on PATH. */
export function isPathLike(value: string): boolean {
  return value.includes('/') || value.includes('\\') || value === '~';
}

/** The real path of a file, or undefined when it does not exist. */
export async function realPath(file: string): Promise<string | undefined> {
  try {
    return await fs.realpath(file);
  } catch {
    return undefined;
  }
}
