// Applies redaction and the output caps (bytes, tokens) to one tool result, without touching the input.
import type { CallToolResult } from '@modelcontextprotocol/server';
import { truncationNote, withheldNote } from './output-notes.js';
import { redactJson, type Redactor } from '../redaction/index.js';
import { applyByteBudget, applyTokenBudget, mayExceedTokens, utf8Length, type BudgetedText } from './text-budget.js';
import { ESTIMATE_TOKEN_COUNTER, loadTokenCounter, type TokenCounter } from './token-counter.js';

type Block = CallToolResult['content'][number];

export interface OutputLimits {
  maxBytes: number;
  maxTokens: number;
}

export interface TruncationReport {
  /** Content blocks cut or replaced by a note. */
  blocks: number;
  /** UTF-8 bytes of text cut, plus decoded bytes of withheld images/audio/blobs, plus JSON bytes of dropped structuredContent. */
  bytesCut: number;
  /** Tokens cut by max_output_tokens, when that cap cut anything. */
  tokensCut?: number;
  structuredContentDropped?: true;
}

export interface LimitedOutput {
  /** A new object; blocks that needed no change are shared with the input, never altered. */
  result: CallToolResult;
  /** Also set as `_meta['toolgate/truncated']` on the result. */
  truncated: TruncationReport | null;
  redactions: number;
}

export const TRUNCATED_META_KEY = 'toolgate/truncated';

/**
 * Redacts every string of the result (keys, `_meta` and mimeTypes included), then applies the caps.
 * Async because the exact token count needs a tokenizer loaded on first use; output whose UTF-8
 * size is within max_output_tokens never needs it.
 */
export async function limitOutput(
  result: CallToolResult,
  limits: OutputLimits,
  redactor?: Redactor,
): Promise<LimitedOutput> {
  const draft = draftOutput(result, limits, redactor);
  const counter = mayExceedTokens(draft.texts, limits.maxTokens) ? await loadTokenCounter() : undefined;
  return finishOutput(draft, limits, counter);
}

/** The same, synchronously, counting tokens with the 4-characters estimate unless given a counter. */
export function limitOutputSync(
  result: CallToolResult,
  limits: OutputLimits,
  redactor?: Redactor,
  counter: TokenCounter = ESTIMATE_TOKEN_COUNTER,
): LimitedOutput {
  const draft = draftOutput(result, limits, redactor);
  return finishOutput(draft, limits, mayExceedTokens(draft.texts, limits.maxTokens) ? counter : undefined);
}

interface Draft {
  input: CallToolResult;
  content: Block[];
  /** Content indexes holding downstream text (text blocks, resource text), in order. */
  slots: Array<{ index: number; original: string }>;
  /** One per slot, then the structuredContent JSON last: it shares the same byte and token budgets. */
  texts: BudgetedText[];
  structuredContent: Record<string, unknown> | undefined;
  /** UTF-8 size of the redacted structuredContent JSON. */
  structuredBytes: number;
  withheld: { blocks: number; bytes: number };
  redactions: number;
}

function draftOutput(original: CallToolResult, limits: OutputLimits, redactor: Redactor | undefined): Draft {
  let redactions = 0;
  const redact = (text: string): string => {
    const redacted = (redactor as Redactor)(text);
    redactions += redacted.count;
    return redacted.text;
  };
  const input = redactor === undefined ? original : (redactJson(original, redact) as CallToolResult);
  const withheld = { blocks: 0, bytes: 0 };
  const slots: Draft['slots'] = [];
  // `content` is required by the type, but a malformed downstream reply may still lack it.
  const content = (input.content ?? []).map((block, index): Block => {
    const binary = binaryOf(block);
    if (binary !== undefined && binary.bytes > limits.maxBytes) {
      withheld.blocks += 1;
      withheld.bytes += binary.bytes;
      return { type: 'text', text: withheldNote(binary.what, binary.mimeType, binary.bytes, limits.maxBytes) };
    }
    const text = textOf(block);
    if (text !== undefined) slots.push({ index, original: text });
    return block;
  });

  const structuredContent = input.structuredContent as Record<string, unknown> | undefined;
  // Clients read it as well as the text (often the same data twice), so it counts against the same caps, after the text.
  const structuredJson = structuredContent === undefined ? [] : [JSON.stringify(structuredContent) ?? ''];
  const texts = applyByteBudget([...slots.map((slot) => slot.original), ...structuredJson], limits.maxBytes);
  return {
    input,
    content,
    slots,
    texts,
    structuredContent,
    structuredBytes: utf8Length(structuredJson[0] ?? ''),
    withheld,
    redactions,
  };
}

function finishOutput(draft: Draft, limits: OutputLimits, counter: TokenCounter | undefined): LimitedOutput {
  let tokensCut = counter === undefined ? 0 : applyTokenBudget(draft.texts, limits.maxTokens, counter);
  const content = [...draft.content];
  let blocks = draft.withheld.blocks;
  let bytesCut = draft.withheld.bytes;
  draft.slots.forEach((slot, position) => {
    const budgeted = draft.texts[position];
    if (budgeted === undefined || (!budgeted.cutBy.bytes && !budgeted.cutBy.tokens)) return;
    const total = utf8Length(slot.original);
    const cut = total - utf8Length(budgeted.kept);
    const note = truncationNote(cut, total, {
      maxBytes: budgeted.cutBy.bytes ? limits.maxBytes : undefined,
      maxTokens: budgeted.cutBy.tokens ? limits.maxTokens : undefined,
    });
    blocks += 1;
    bytesCut += cut;
    content[slot.index] = withText(content[slot.index], budgeted.kept === '' ? note : `${budgeted.kept}\n${note}`);
  });

  const { structuredContent: _original, ...rest } = draft.input;
  const result: CallToolResult = { ...rest, content };
  // JSON cut anywhere is no JSON: the structuredContent is kept whole or dropped whole, with a note.
  const structured = draft.structuredContent === undefined ? undefined : draft.texts[draft.slots.length];
  const structuredDropped = structured !== undefined && (structured.cutBy.bytes || structured.cutBy.tokens);
  if (draft.structuredContent !== undefined && !structuredDropped) result.structuredContent = draft.structuredContent;
  if (structuredDropped) {
    bytesCut += draft.structuredBytes;
    if (counter !== undefined && structured.cutBy.tokens && structured.kept !== '')
      tokensCut += counter.count(structured.kept);
    content.push({ type: 'text', text: structuredDroppedNote(draft.structuredBytes, structured.cutBy.bytes, limits) });
  }
  const truncated =
    blocks === 0 && !structuredDropped
      ? null
      : {
          blocks,
          bytesCut,
          ...(tokensCut > 0 ? { tokensCut } : {}),
          ...(structuredDropped ? { structuredContentDropped: true as const } : {}),
        };
  if (truncated !== null) result._meta = { ...draft.input._meta, [TRUNCATED_META_KEY]: truncated };
  return { result, truncated, redactions: draft.redactions };
}

function structuredDroppedNote(bytes: number, byBytes: boolean, limits: OutputLimits): string {
  const note = withheldNote('structuredContent', 'JSON', bytes, limits.maxBytes);
  return byBytes
    ? note
    : note.replace(`max_output_bytes=${limits.maxBytes}]`, `max_output_tokens=${limits.maxTokens}]`);
}

/** The downstream text a block carries, if any. */
function textOf(block: Block): string | undefined {
  if (block.type === 'text' && typeof block.text === 'string') return block.text;
  if (block.type === 'resource' && 'text' in block.resource && typeof block.resource.text === 'string')
    return block.resource.text;
  return undefined;
}

function withText(block: Block | undefined, text: string): Block {
  if (block?.type === 'resource' && 'text' in block.resource)
    return { ...block, resource: { ...block.resource, text } };
  return { ...(block as Block & { type: 'text' }), text };
}

/** Decoded size of base64 payloads, computed from the length alone (no decoding). */
function binaryOf(block: Block): { what: string; mimeType: string | undefined; bytes: number } | undefined {
  if ((block.type === 'image' || block.type === 'audio') && typeof block.data === 'string') {
    return { what: block.type, mimeType: block.mimeType, bytes: Buffer.byteLength(block.data, 'base64') };
  }
  if (block.type === 'resource' && 'blob' in block.resource && typeof block.resource.blob === 'string') {
    const { uri, mimeType, blob } = block.resource;
    return { what: `resource ${uri}`, mimeType, bytes: Buffer.byteLength(blob, 'base64') };
  }
  return undefined;
}
