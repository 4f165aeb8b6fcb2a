// structuredContent shares the byte and token budgets of the text: output never reaches twice a cap.
import type { CallToolResult } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { limitOutput, limitOutputSync, TRUNCATED_META_KEY } from '../../src/policy/limit-output.js';
import { utf8Length } from '../../src/policy/text-budget.js';

const text = (value: string) => ({ type: 'text' as const, text: value });

/** ~189 KB of JSON rows, varied enough to cost real tokens. */
function rows(count: number): Record<string, unknown> {
  return {
    rows: Array.from({ length: count }, (_, i) => ({
      id: i,
      name: `item number ${i}`,
      note: `value ${(i * 7919) % 10007} of row ${i}`,
    })),
  };
}

function outputBytes(result: CallToolResult): number {
  const texts = result.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  return (
    utf8Length(texts) +
    (result.structuredContent === undefined ? 0 : utf8Length(JSON.stringify(result.structuredContent)))
  );
}

describe('limitOutput and structuredContent', () => {
  it('drops structuredContent over max_output_tokens, with a note naming that cap, and marks the result truncated', async () => {
    const structuredContent = rows(2600);
    expect(utf8Length(JSON.stringify(structuredContent))).toBeGreaterThan(150_000);
    const input: CallToolResult = { content: [text('2600 rows')], structuredContent };
    for (const { result, truncated } of [
      await limitOutput(input, { maxBytes: 262_144, maxTokens: 1000 }),
      limitOutputSync(input, { maxBytes: 262_144, maxTokens: 1000 }),
    ]) {
      expect('structuredContent' in result).toBe(false);
      expect(result.content[0]).toEqual(text('2600 rows'));
      expect(result.content.at(-1)).toEqual(
        text(
          expect.stringMatching(
            /^\[toolgate: structuredContent \(JSON, [\d,]+ bytes\) withheld: over max_output_tokens=1000\]$/,
          ) as string,
        ),
      );
      expect(truncated).toMatchObject({ blocks: 0, structuredContentDropped: true });
      expect(truncated!.bytesCut).toBe(utf8Length(JSON.stringify(structuredContent)));
      expect(truncated!.tokensCut).toBeGreaterThan(1000);
      expect(result._meta?.[TRUNCATED_META_KEY]).toEqual(truncated);
    }
  });

  it('counts structuredContent against the same byte budget as the text, so output stays within max_output_bytes', async () => {
    // The common shape: the same JSON as text and as structuredContent, each alone under the cap.
    const json = JSON.stringify(rows(900));
    const maxBytes = Math.ceil(utf8Length(json) * 1.5);
    const input: CallToolResult = {
      content: [text(json)],
      structuredContent: JSON.parse(json) as Record<string, unknown>,
    };
    const { result, truncated } = await limitOutput(input, { maxBytes, maxTokens: 1_000_000 });
    expect('structuredContent' in result).toBe(false);
    expect(result.content[0]).toEqual(text(json));
    expect(result.content.at(-1)).toEqual(
      text(
        `[toolgate: structuredContent (JSON, ${utf8Length(json).toLocaleString('en-US')} bytes) withheld: over max_output_bytes=${maxBytes}]`,
      ),
    );
    expect(truncated).toEqual({ blocks: 0, bytesCut: utf8Length(json), structuredContentDropped: true });
    expect(outputBytes(result)).toBeLessThanOrEqual(maxBytes + 200);
  });

  it('keeps structuredContent whole when text and JSON together fit both caps', async () => {
    const structuredContent = rows(20);
    const input: CallToolResult = { content: [text('twenty rows')], structuredContent };
    const { result, truncated } = await limitOutput(input, { maxBytes: 10_000, maxTokens: 5_000 });
    expect(result.structuredContent).toEqual(structuredContent);
    expect(truncated).toBeNull();
  });
});
