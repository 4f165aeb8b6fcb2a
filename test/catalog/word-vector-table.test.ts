import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors/gateway-error.js';
import { findWordVectorFile } from '../../src/catalog/word-vector-file.js';
import { encodeWordVectors, WordVectorTable } from '../../src/catalog/word-vector-table.js';

function vectorOf(table: WordVectorTable, word: string): Float32Array {
  const out = new Float32Array(table.dims);
  table.addTo(out, table.indexOf(word), 1);
  return out;
}

describe('word-vector table', () => {
  const source = {
    words: ['file', 'read', 'weather', 'zebra9'],
    ranks: [10, 20, 300, 40_000],
    vectors: [
      Float32Array.from([1, 0, -0.5]),
      Float32Array.from([0.9, 0.1, -0.4]),
      Float32Array.from([-0.2, 2, 0]),
      Float32Array.from([0, 0, 0]),
    ],
    dims: 3,
  };

  it('gives back every word with its rank and its vector within int8 rounding', () => {
    const table = new WordVectorTable(encodeWordVectors(source), 'test');
    expect(table.count).toBe(4);
    source.words.forEach((word, i) => {
      const row = table.indexOf(word);
      expect(row).toBe(i);
      expect(table.rankOf(row)).toBe(source.ranks[i]);
      const vector = vectorOf(table, word);
      const original = source.vectors[i] as Float32Array;
      const step = Math.max(...original.map(Math.abs)) / 127;
      original.forEach((x, d) => expect(Math.abs((vector[d] as number) - x)).toBeLessThanOrEqual(step / 2 + 1e-6));
    });
  });

  it('answers -1 for words it does not hold, including non-ASCII ones and prefixes of held words', () => {
    const table = new WordVectorTable(encodeWordVectors(source), 'test');
    for (const word of ['fil', 'files', 'wéather', '', 'zebra', 'read\n']) expect(table.indexOf(word)).toBe(-1);
  });

  it('rejects a file that is not a table, or is cut short, with an error naming the file and the fix', () => {
    const good = encodeWordVectors(source);
    for (const bad of [Buffer.from('not a table at all, really'), good.subarray(0, good.length - 1)]) {
      let error: unknown;
      try {
        new WordVectorTable(bad, '/x/word-vectors.bin');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).message).toContain('/x/word-vectors.bin');
      expect((error as GatewayError).hint).toContain('build-word-vectors');
    }
  });

  it('ships a table of a few MB that knows common words and the words of tool descriptions', () => {
    const file = findWordVectorFile();
    expect(file).toBeDefined();
    expect(statSync(file as string).size).toBeLessThan(8_000_000);
    const table = new WordVectorTable(readFileSync(file as string), file as string);
    expect(table.dims).toBe(100);
    for (const word of ['read', 'file', 'weather', 'repository', 'screenshot', 'github'])
      expect(table.indexOf(word)).toBeGreaterThanOrEqual(0);
    expect(table.rankOf(table.indexOf('read'))).toBeLessThan(table.rankOf(table.indexOf('github')));
  });

  it('is found from the bundle in dist/ as from the sources', () => {
    const root = path.resolve(import.meta.dirname, '..', '..');
    expect(findWordVectorFile(pathToFileURL(path.join(root, 'dist', 'toolgate.js')).href)).toBe(
      path.join(root, 'data', 'word-vectors.bin'),
    );
  });
});
