// Counts and cuts text by tokens: the o200k tokenizer when it loads, a 4-characters-per-token estimate when not.

export interface TokenCut {
  /** The longest prefix within the limit, never ending inside a character. */
  text: string;
  /** Tokens in the whole input text. */
  total: number;
  /** Tokens in the kept prefix (for the tokenizer, the limit itself when the text was cut). */
  kept: number;
}

export interface TokenCounter {
  count(text: string): number;
  cut(text: string, maxTokens: number): TokenCut;
}

/** Rough for English prose and code; CJK text and base64 run closer to one token per character. */
export const CHARS_PER_TOKEN_ESTIMATE = 4;

export const ESTIMATE_TOKEN_COUNTER: TokenCounter = {
  count: (text) => Math.ceil(text.length / CHARS_PER_TOKEN_ESTIMATE),
  cut(text, maxTokens) {
    const total = Math.ceil(text.length / CHARS_PER_TOKEN_ESTIMATE);
    if (total <= maxTokens) return { text, total, kept: total };
    const kept = keepWholeCharacters(text, Math.max(0, maxTokens) * CHARS_PER_TOKEN_ESTIMATE);
    return { text: kept, total, kept: Math.ceil(kept.length / CHARS_PER_TOKEN_ESTIMATE) };
  },
};

interface O200kModule {
  encode(text: string, options?: { disallowedSpecial?: Set<string> }): number[];
  decode(tokens: Iterable<number>): string;
}

// Tool output may quote `<|endoftext|>`; by default the tokenizer throws on special tokens, but here
// they are plain text like any other.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

// A variable, not a literal, so the bundler leaves this multi-MB encoding out of dist/toolgate.js;
// it is resolved from node_modules (a runtime dependency) only when first needed.
const TOKENIZER_MODULE: string = 'gpt-tokenizer/encoding/o200k_base';

let loading: Promise<TokenCounter> | undefined;

/**
 * Loaded on first need (the encoding is a few MB and takes ~200 ms to load), then shared. If it cannot
 * be loaded at all, the 4-characters estimate stands in rather than failing the call.
 */
export function loadTokenCounter(): Promise<TokenCounter> {
  loading ??= (import(TOKENIZER_MODULE) as Promise<Partial<O200kModule>>).then(
    (module) => (isO200kModule(module) ? createTokenizerCounter(module) : ESTIMATE_TOKEN_COUNTER),
    () => ESTIMATE_TOKEN_COUNTER,
  );
  return loading;
}

function isO200kModule(module: Partial<O200kModule>): module is O200kModule {
  return typeof module.encode === 'function' && typeof module.decode === 'function';
}

/**
 * BPE is quadratic in the length of one pre-token: 60 KB of a single repeated letter took 2.8 s and 256 KB
 * would stall the gateway for most of a minute. Text is therefore encoded in segments of at most this many
 * characters, split at whitespace where the window has any (exact there) and hard otherwise (a split inside
 * a word can add one token).
 */
export const MAX_SEGMENT_CHARS = 1_024;

/** Consecutive segments of `text`, each at most MAX_SEGMENT_CHARS long, never splitting a surrogate pair. */
export function segmentsOf(text: string): string[] {
  const segments: string[] = [];
  for (let start = 0; start < text.length;) {
    let end = Math.min(text.length, start + MAX_SEGMENT_CHARS);
    if (end < text.length) {
      const space = Math.max(text.lastIndexOf(' ', end - 1), text.lastIndexOf('\n', end - 1));
      if (space > start) end = space;
      else end = start + keepWholeCharacters(text.slice(start, end + 1), end - start).length;
    }
    segments.push(text.slice(start, end));
    start = end;
  }
  return segments;
}

function createTokenizerCounter(tokenizer: O200kModule): TokenCounter {
  const count = (text: string) =>
    segmentsOf(text).reduce((sum, segment) => sum + tokenizer.encode(segment, PLAIN_TEXT).length, 0);
  return {
    count,
    cut(text, maxTokens) {
      const limit = Math.max(0, maxTokens);
      const segments = segmentsOf(text);
      let kept = 0;
      let keptChars = 0;
      let index = 0;
      for (; index < segments.length; index++) {
        const tokens = tokenizer.encode(segments[index]!, PLAIN_TEXT);
        if (kept + tokens.length > limit) {
          // Decoding a token prefix may end in half a character (shown as U+FFFD); keep only what agrees with the input.
          const segment = segments[index]!;
          const decoded = tokenizer.decode(tokens.slice(0, limit - kept));
          const partial = keepWholeCharacters(segment, commonPrefixLength(decoded, segment));
          const rest =
            tokens.length +
            segments.slice(index + 1).reduce((sum, later) => sum + tokenizer.encode(later, PLAIN_TEXT).length, 0);
          return { text: text.slice(0, keptChars) + partial, total: kept + rest, kept: limit };
        }
        kept += tokens.length;
        keptChars += segments[index]!.length;
      }
      return { text, total: kept, kept };
    },
  };
}

function commonPrefixLength(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  let index = 0;
  while (index < length && a.charCodeAt(index) === b.charCodeAt(index)) index += 1;
  return index;
}

/** `text.slice(0, length)`, one shorter when that would split a surrogate pair. */
function keepWholeCharacters(text: string, length: number): string {
  if (length >= text.length) return text;
  const last = text.charCodeAt(length - 1);
  const isHighSurrogate = last >= 0xd800 && last <= 0xdbff;
  return text.slice(0, isHighSurrogate ? length - 1 : length);
}
