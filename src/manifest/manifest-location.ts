// Finds the shipped manifest folder from the running module, whether bundled (dist/) or run from src/ under tsx.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/toolgate.js is one level below the package root, src/manifest/*.ts two; a little slack beyond that. */
const MAX_LEVELS_UP = 4;

export const MANIFEST_FILE_NAME = 'servers.yaml';
export const TOOL_SNAPSHOT_DIR_NAME = 'tools';

/** The `manifest/` folder shipped with toolgate, or undefined when the package was installed without it. */
export function findManifestDir(fromUrl: string = import.meta.url): string | undefined {
  let dir = path.dirname(fileURLToPath(fromUrl));
  for (let level = 0; level <= MAX_LEVELS_UP; level += 1) {
    const candidate = path.join(dir, 'manifest');
    if (existsSync(path.join(candidate, MANIFEST_FILE_NAME))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** The shipped `manifest/servers.yaml`; undefined when not found. */
export function defaultManifestFile(): string | undefined {
  const dir = findManifestDir();
  return dir === undefined ? undefined : path.join(dir, MANIFEST_FILE_NAME);
}

/** The shipped `manifest/tools/` snapshot folder; undefined when the manifest is not found. */
export function defaultToolSnapshotDir(): string | undefined {
  const dir = findManifestDir();
  return dir === undefined ? undefined : path.join(dir, TOOL_SNAPSHOT_DIR_NAME);
}
