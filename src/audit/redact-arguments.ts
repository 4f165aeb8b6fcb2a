// A redacted, size-capped, JSON-safe copy of a tool call's arguments, fit for one audit line.
import { createKeyMatcher, type KeyMatcher } from '../redaction/index.js';

export const REDACTED = '[REDACTED]';

export interface ArgumentLimits {
  /** Longer strings are cut, with a note of how much. Default 1024 characters. */
  maxStringChars: number;
  /** Deeper objects and arrays are summarized. Default 8. */
  maxDepth: number;
  /** Keys of one object, items of one array; the rest are counted. Default 200. */
  maxEntries: number;
  /** Rough size of the whole copy as JSON; past it, the remaining values are summarized. Default 12 KB. */
  maxTotalChars: number;
}

export const DEFAULT_ARGUMENT_LIMITS: ArgumentLimits = {
  maxStringChars: 1024,
  maxDepth: 8,
  maxEntries: 200,
  maxTotalChars: 12 * 1024,
};

/**
 * Text this far past the cut is still redacted before cutting, so a secret that straddles the cut is not
 * half kept; beyond it the text is dropped unread, which keeps the cost per string bounded.
 */
const REDACT_MARGIN_CHARS = 4096;

/** One matcher (and its cache of answers) per list of redact keys: the audit log passes the same list on every call. */
const matchers = new WeakMap<readonly string[], KeyMatcher>();

interface Walk {
  matchesKey: KeyMatcher;
  redactText: (text: string) => string;
  limits: ArgumentLimits;
  /** Characters of budget left; each value written takes roughly its JSON length. */
  budget: number;
  /** Objects on the path from the root to the value being copied, to catch cycles. */
  ancestors: Set<object>;
}

/**
 * Values under a key that names a secret (see createKeyMatcher) become "[REDACTED]" whatever their type;
 * every other string goes through `redactText`; then the caps of `limits` apply. Never throws: cycles,
 * bigints, functions, symbols and throwing getters become short descriptions.
 */
export function redactArguments(
  value: unknown,
  redactKeys: readonly string[],
  redactText: (t: string) => string,
  limits: Partial<ArgumentLimits> = {},
): unknown {
  let matchesKey = matchers.get(redactKeys);
  if (matchesKey === undefined) {
    matchesKey = createKeyMatcher(redactKeys);
    matchers.set(redactKeys, matchesKey);
  }
  const walk: Walk = {
    matchesKey,
    redactText,
    limits: { ...DEFAULT_ARGUMENT_LIMITS, ...limits },
    budget: limits.maxTotalChars ?? DEFAULT_ARGUMENT_LIMITS.maxTotalChars,
    ancestors: new Set(),
  };
  return copy(value, 0, walk);
}

/** `text` redacted, then cut to `maxChars` with a note; bounded work however long `text` is. */
export function redactAndCap(text: string, maxChars: number, redactText: (t: string) => string): string {
  const considered =
    text.length > maxChars + REDACT_MARGIN_CHARS ? text.slice(0, maxChars + REDACT_MARGIN_CHARS) : text;
  let redacted: string;
  try {
    redacted = redactText(considered);
  } catch {
    return '[unredactable text omitted]';
  }
  if (considered.length === text.length)
    return redacted.length <= maxChars ? redacted : `${redacted.slice(0, maxChars)}…[cut: ${text.length} chars]`;
  // The window's last part may hold a credential cut in two, which no rule recognises: it is dropped,
  // however much the redaction before it shrank the text.
  return `${redacted.slice(0, Math.max(0, Math.min(maxChars, redacted.length - REDACT_MARGIN_CHARS)))}…[cut: ${text.length} chars]`;
}

function copy(value: unknown, depth: number, walk: Walk): unknown {
  if (walk.budget <= 0) return '[…]';
  switch (typeof value) {
    case 'string': {
      const text = redactAndCap(
        value,
        Math.min(walk.limits.maxStringChars, Math.max(walk.budget, 16)),
        walk.redactText,
      );
      walk.budget -= text.length + 2;
      return text;
    }
    case 'number':
    case 'boolean':
      walk.budget -= 6;
      return value;
    case 'undefined':
      return undefined;
    case 'bigint':
      walk.budget -= 24;
      return `${value.toString().slice(0, 40)}n`;
    case 'function':
      return '[function]';
    case 'symbol':
      return '[symbol]';
  }
  if (value === null) return null;
  const object = value as object;
  if (walk.ancestors.has(object)) return '[circular]';
  const described = describeSpecial(object);
  if (described !== undefined) {
    walk.budget -= described.length;
    return described;
  }
  if (depth >= walk.limits.maxDepth) return summarize(object);
  walk.ancestors.add(object);
  try {
    return Array.isArray(object) ? copyArray(object, depth, walk) : copyObject(object, depth, walk);
  } finally {
    walk.ancestors.delete(object);
  }
}

function copyArray(array: readonly unknown[], depth: number, walk: Walk): unknown[] {
  const result: unknown[] = [];
  const shown = Math.min(array.length, walk.limits.maxEntries);
  for (let index = 0; index < shown; index += 1) {
    if (walk.budget <= 0) break;
    // JSON has no undefined or function in arrays; the item becomes null, as JSON.stringify would make it.
    result.push(
      copy(
        read(() => array[index]),
        depth + 1,
        walk,
      ) ?? null,
    );
    walk.budget -= 1;
  }
  if (result.length < array.length) result.push(`[… ${array.length - result.length} more items]`);
  return result;
}

function copyObject(object: object, depth: number, walk: Walk): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  let keys: string[];
  try {
    keys = Object.keys(object);
  } catch {
    return { '[unreadable]': true };
  }
  let shown = 0;
  for (const key of keys) {
    if (shown >= walk.limits.maxEntries || walk.budget <= 0) break;
    shown += 1;
    const outKey = redactAndCap(key, 256, walk.redactText);
    walk.budget -= outKey.length + 4;
    if (walk.matchesKey(key)) {
      result[outKey] = REDACTED;
      walk.budget -= REDACTED.length + 2;
      continue;
    }
    const item = copy(
      read(() => (object as Record<string, unknown>)[key]),
      depth + 1,
      walk,
    );
    if (item !== undefined) result[outKey] = item;
  }
  if (shown < keys.length) result['[…]'] = `${keys.length - shown} more keys`;
  return result;
}

/** A value read through a getter may throw; the copy says so instead. */
function read(get: () => unknown): unknown {
  try {
    return get();
  } catch {
    return '[unreadable]';
  }
}

function describeSpecial(object: object): string | undefined {
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? '[invalid date]' : object.toISOString();
  if (ArrayBuffer.isView(object)) return `[${object.constructor.name} ${object.byteLength} bytes]`;
  if (object instanceof ArrayBuffer) return `[ArrayBuffer ${object.byteLength} bytes]`;
  if (object instanceof Map) return `[Map of ${object.size}]`;
  if (object instanceof Set) return `[Set of ${object.size}]`;
  if (object instanceof RegExp) return '[RegExp]';
  if (object instanceof Promise) return '[Promise]';
  return undefined;
}

function summarize(object: object): string {
  if (Array.isArray(object)) return `[array of ${object.length} items]`;
  let count: number;
  try {
    count = Object.keys(object).length;
  } catch {
    return '[object]';
  }
  return `[object with ${count} keys]`;
}
