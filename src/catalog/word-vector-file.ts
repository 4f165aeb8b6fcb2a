// Finds and loads the shipped word-vector table (data/word-vectors.bin) once, on the first search that needs it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WordVectorTable } from './word-vector-table.js';

export const WORD_VECTOR_FILE = path.join('data', 'word-vectors.bin');
/** dist/toolgate.js is one level below the package root, src/catalog/*.ts two; a little slack beyond that. */
const MAX_LEVELS_UP = 4;

/** The shipped table's path, or undefined when the package was installed without it. */
export function findWordVectorFile(fromUrl: string = import.meta.url): string | undefined {
  let dir = path.dirname(fileURLToPath(fromUrl));
  for (let level = 0; level <= MAX_LEVELS_UP; level++) {
    const candidate = path.join(dir, WORD_VECTOR_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

let shipped: WordVectorTable | null | undefined;

/**
 * The shipped table, read on first call and kept (about 7 MB); null when it is missing, so search goes on
 * lexical only. A corrupt file throws: that is a broken install, not a choice.
 */
export function shippedWordVectors(): WordVectorTable | null {
  if (shipped !== undefined) return shipped;
  const file = findWordVectorFile();
  shipped = file === undefined ? null : new WordVectorTable(readFileSync(file), file);
  return shipped;
}
