// The o200k counter encodes long text in segments: exact at whitespace, bounded in time on pathological runs.
import { describe, expect, it } from 'vitest';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { loadTokenCounter, MAX_SEGMENT_CHARS, segmentsOf } from '../../src/policy/token-counter.js';

describe('segmentsOf', () => {
  it('joins back to the text, splits before whitespace and keeps every segment within the size', () => {
    const text = 'the quick brown fox jumps over the lazy dog\n'.repeat(200);
    const segments = segmentsOf(text);
    expect(segments.join('')).toBe(text);
    expect(segments.every((segment) => segment.length <= MAX_SEGMENT_CHARS)).toBe(true);
    expect(segments.slice(1).every((segment) => segment.startsWith(' ') || segment.startsWith('\n'))).toBe(true);
  });

  it('splits a run with no whitespace hard, and never between the halves of a surrogate pair', () => {
    const text = `${'a'.repeat(MAX_SEGMENT_CHARS - 1)}😀${'b'.repeat(10)}`;
    const segments = segmentsOf(text);
    expect(segments.join('')).toBe(text);
    expect(segments[0]).toBe('a'.repeat(MAX_SEGMENT_CHARS - 1));
  });
});

describe('the o200k counter', () => {
  it('counts prose exactly as one encode of the whole text does', async () => {
    const counter = await loadTokenCounter();
    const prose = 'Toolgate stands in for many MCP servers; the model searches, describes and invokes. '.repeat(300);
    expect(counter.count(prose)).toBe(encode(prose, { disallowedSpecial: new Set() }).length);
  });

  it('cuts to the limit and reports the total of the whole text', async () => {
    const counter = await loadTokenCounter();
    const prose = 'one two three four five six seven eight nine ten '.repeat(400);
    const cut = counter.cut(prose, 1_000);
    expect(cut.kept).toBe(1_000);
    expect(cut.total).toBe(counter.count(prose));
    expect(prose.startsWith(cut.text)).toBe(true);
    expect(counter.count(cut.text)).toBeLessThanOrEqual(1_000);
  });

  // No stopwatch: the test's own 20 s timeout is what a regression (most of a minute in one piece) runs into, and a loaded
  // machine does not (about 0.3 s here); the work is bounded by segmentsOf, tested above.
  it('handles 256 KB of one repeated letter in well under a second or two (it took most of a minute in one piece)', async () => {
    const counter = await loadTokenCounter();
    const cut = counter.cut('a'.repeat(256 * 1024), 50_000);
    expect(cut.total).toBeGreaterThan(0);
    expect(cut.kept).toBe(cut.total);
  });
});
