// The error-code table of docs/errors.md names exactly the GatewayError codes of src/errors, each with its JSON-RPC code.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, WIRE_CODE_OF } from '../../src/errors/index.js';
import { ROOT } from '../support/gateway-process.js';

/** A row of the table: `| `CODE` | -32000 | meaning |`. */
const TABLE_ROW = /^\|\s*`([A-Z_]+)`\s*\|\s*(-?\d+)\s*\|(.+)\|\s*$/gm;

function documentedCodes(): { code: string; wire: number; meaning: string }[] {
  const text = fs.readFileSync(path.join(ROOT, 'docs', 'errors.md'), 'utf8');
  return [...text.matchAll(TABLE_ROW)].map((match) => ({
    code: match[1]!,
    wire: Number(match[2]),
    meaning: match[3]!.trim(),
  }));
}

describe('docs/errors.md', () => {
  it('lists every GatewayError code once, and no code the source does not have', () => {
    const listed = documentedCodes().map((row) => row.code);
    expect(new Set(listed).size, 'a code is listed twice').toBe(listed.length);
    expect([...listed].sort()).toEqual([...ERROR_CODES].sort());
  });

  it('gives each code the JSON-RPC code that src/errors/wire-codes.ts maps it to', () => {
    const documented = Object.fromEntries(documentedCodes().map((row) => [row.code, row.wire]));
    expect(documented).toEqual({ ...WIRE_CODE_OF });
  });

  it('says what each code means', () => {
    for (const row of documentedCodes()) expect(row.meaning.length, row.code).toBeGreaterThan(20);
  });
});
