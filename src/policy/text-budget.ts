// Shares a byte budget and a token budget across an ordered list of texts, cutting where each runs out.
import type { TokenCounter } from './token-counter.js';

export interface BudgetedText {
  /** What is kept of the text (a prefix; the whole text when nothing was cut). */
  kept: string;
  /** Which caps cut this text. */
  cutBy: { bytes: boolean; tokens: boolean };
}

const encoder = new TextEncoder();

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The longest prefix of at most `maxBytes` UTF-8 bytes; never ends inside a character or a surrogate pair. */
function cutUtf8(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  // encodeInto stops before the first code point that does not fit whole, and says how far it read.
  const { read } = encoder.encodeInto(text, new Uint8Array(maxBytes));
  return text.slice(0, read);
}

/** Earlier texts get the budget first; once it is spent, the rest are kept empty. */
export function applyByteBudget(texts: readonly string[], maxBytes: number): BudgetedText[] {
  let remaining = maxBytes;
  return texts.map((text) => {
    const bytes = utf8Length(text);
    if (bytes <= remaining) {
      remaining -= bytes;
      return { kept: text, cutBy: { bytes: false, tokens: false } };
    }
    const kept = cutUtf8(text, remaining);
    remaining = 0;
    return { kept, cutBy: { bytes: true, tokens: false } };
  });
}

/**
 * A text has at most as many tokens as UTF-8 bytes (every token stands for at least one byte), so
 * when the bytes fit, the tokens do too and nothing needs counting. The 4-characters estimate is no
 * such bound: CJK text and base64 come close to one token per character.
 */
export function mayExceedTokens(texts: readonly BudgetedText[], maxTokens: number): boolean {
  let bytes = 0;
  for (const text of texts) {
    bytes += utf8Length(text.kept);
    if (bytes > maxTokens) return true;
  }
  return false;
}

/** Cuts the kept texts further to the token budget; returns how many tokens were cut. */
export function applyTokenBudget(texts: BudgetedText[], maxTokens: number, counter: TokenCounter): number {
  let remaining = maxTokens;
  let tokensCut = 0;
  for (const text of texts) {
    if (text.kept === '') continue;
    if (remaining <= 0) {
      tokensCut += counter.count(text.kept);
      text.kept = '';
      text.cutBy.tokens = true;
      continue;
    }
    const cut = counter.cut(text.kept, remaining);
    if (cut.text.length === text.kept.length) {
      remaining -= cut.total;
      continue;
    }
    tokensCut += cut.total - cut.kept;
    text.kept = cut.text;
    text.cutBy.tokens = true;
    remaining = 0;
  }
  return tokensCut;
}
