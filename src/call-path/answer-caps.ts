// The output caps on a prompt, resource or completion answer: its texts and payloads capped as a tool result's blocks are.
import type { CallToolResult, CompleteResult, GetPromptResult, ReadResourceResult } from '@modelcontextprotocol/server';
import { TRUNCATED_META_KEY } from '../policy/limit-output.js';
import type { CallPolicy } from './call-policy.js';
import type { PassthroughAnswer } from './passthrough-call.js';

type Block = CallToolResult['content'][number];
type ResourceContents = ReadResourceResult['contents'][number];

/**
 * A prompt's message contents, a resource's contents and completion values share one byte and token budget,
 * as a tool result's blocks do; a payload over max_output_bytes is replaced by a note. An answer the caps
 * left whole is returned as it is; a cut one says so in `_meta['toolgate/truncated']`.
 */
export async function answerCaps(policy: CallPolicy, answer: PassthroughAnswer): Promise<PassthroughAnswer> {
  const shape = answer as { messages?: unknown; contents?: unknown; completion?: unknown };
  if (Array.isArray(shape.messages)) return capPrompt(policy, answer as GetPromptResult);
  if (Array.isArray(shape.contents)) return capResource(policy, answer as ReadResourceResult);
  if (shape.completion !== undefined) return capCompletion(policy, answer as CompleteResult);
  return answer;
}

async function capPrompt(policy: CallPolicy, answer: GetPromptResult): Promise<GetPromptResult> {
  const capped = await capBlocks(
    policy,
    answer.messages.map((message) => message.content as Block),
  );
  if (!capped) return answer;
  return {
    ...answer,
    _meta: { ...answer._meta, ...capped.meta },
    messages: answer.messages.map((message, index) => ({
      ...message,
      content: capped.blocks[index] ?? message.content,
    })),
  };
}

async function capResource(policy: CallPolicy, answer: ReadResourceResult): Promise<ReadResourceResult> {
  const capped = await capBlocks(
    policy,
    answer.contents.map((resource): Block => ({ type: 'resource', resource })),
  );
  if (!capped) return answer;
  return {
    ...answer,
    _meta: { ...answer._meta, ...capped.meta },
    contents: answer.contents.map((resource, index) => contentsOf(resource, capped.blocks[index])),
  };
}

async function capCompletion(policy: CallPolicy, answer: CompleteResult): Promise<CompleteResult> {
  const capped = await capBlocks(
    policy,
    answer.completion.values.map((text): Block => ({ type: 'text', text })),
  );
  if (!capped) return answer;
  const values = answer.completion.values.map((value, index) => {
    const block = capped.blocks[index];
    return block?.type === 'text' ? block.text : value;
  });
  return { ...answer, _meta: { ...answer._meta, ...capped.meta }, completion: { ...answer.completion, values } };
}

/** The blocks as the caps left them, one for one; undefined when nothing was cut. */
async function capBlocks(
  policy: CallPolicy,
  content: Block[],
): Promise<{ blocks: Block[]; meta: Record<string, unknown> } | undefined> {
  const capped = await policy.capOutput({ content });
  const truncated = capped._meta?.[TRUNCATED_META_KEY];
  if (truncated === undefined) return undefined;
  return { blocks: capped.content, meta: { [TRUNCATED_META_KEY]: truncated } };
}

/** A resource's contents back from its block; a payload withheld by the caps becomes a text note at the same URI. */
function contentsOf(original: ResourceContents, block: Block | undefined): ResourceContents {
  if (block?.type === 'resource') return block.resource;
  if (block?.type === 'text') return { uri: original.uri, mimeType: 'text/plain', text: block.text };
  return original;
}
