import type { GetPromptResult, ReadResourceResult } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { answerCaps } from '../../src/call-path/answer-caps.js';
import { policyOf } from './stage-harness.js';

const view = policyOf('max_output_bytes: 100\n');

describe('output caps on prompt, resource and completion answers', () => {
  it('returns an answer within the caps as it is', async () => {
    const answer: ReadResourceResult = { contents: [{ uri: 'x://1', text: 'short' }] };
    expect(await answerCaps(view, answer)).toBe(answer);
  });

  it("cuts a resource's text, withholds a blob over the cap at its URI, and says so in _meta", async () => {
    const answer: ReadResourceResult = {
      contents: [
        { uri: 'x://long', text: 'y'.repeat(1_000) },
        { uri: 'x://blob', mimeType: 'image/png', blob: Buffer.alloc(1_000).toString('base64') },
      ],
    };
    const capped = (await answerCaps(view, answer)) as ReadResourceResult;
    const [text, blob] = capped.contents;
    expect(text).toMatchObject({ uri: 'x://long' });
    expect(String(text && 'text' in text ? text.text : '')).toContain('[toolgate: output truncated');
    expect(blob).toMatchObject({ uri: 'x://blob', mimeType: 'text/plain' });
    expect(String(blob && 'text' in blob ? blob.text : '')).toContain('withheld: over max_output_bytes=100');
    expect(capped._meta?.['toolgate/truncated']).toMatchObject({ blocks: 2 });
  });

  it("cuts a prompt's message text and keeps each message's role", async () => {
    const answer: GetPromptResult = {
      messages: [
        { role: 'user', content: { type: 'text', text: 'z'.repeat(500) } },
        { role: 'assistant', content: { type: 'text', text: 'ok' } },
      ],
    };
    const capped = (await answerCaps(view, answer)) as GetPromptResult;
    expect(capped.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(JSON.stringify(capped.messages[0]?.content)).toContain('[toolgate: output truncated');
  });

  it('cuts completion values past the budget', async () => {
    const capped = await answerCaps(view, { completion: { values: ['a'.repeat(80), 'b'.repeat(80)] } });
    expect(JSON.stringify(capped)).toContain('[toolgate: output truncated');
  });
});
