// Runs a text redaction over every string of JSON-like data (object keys included), without recursion.

export type RedactText = (text: string) => string;

/** One object or array being walked: its children in order, and what they became. */
interface Frame {
  source: object;
  /** Own keys of an object as written (undefined for an array). */
  rawKeys: string[] | undefined;
  /** The same keys redacted. */
  keys: string[] | undefined;
  items: unknown[];
  results: unknown[];
  changed: boolean;
  /** An image or audio block: its `data` is a base64 payload. */
  binary: boolean;
}

/**
 * A copy of `value` in which every string, and every object key, went through `redact`: text blocks,
 * `_meta`, `mimeType`, annotations, structuredContent keys, a tool's schema alike. Base64 payloads (a
 * `blob`, the `data` of an image or audio block) are kept byte for byte. Parts that did not change keep
 * their identity, so unchanged output costs no copy. An explicit stack rather than recursion: any depth
 * a parsed message can have is walked without exhausting the call stack.
 */
export function redactJson(value: unknown, redact: RedactText): unknown {
  if (!isContainer(value)) return typeof value === 'string' ? redact(value) : value;
  const stack: Frame[] = [openFrame(value, redact)];
  for (;;) {
    const frame = stack[stack.length - 1] as Frame;
    const index = frame.results.length;
    if (index < frame.items.length) {
      const item = frame.items[index];
      if (isContainer(item)) {
        stack.push(openFrame(item, redact));
        continue;
      }
      const keepRaw = typeof item !== 'string' || isPayload(frame, frame.rawKeys?.[index]);
      settle(frame, keepRaw ? item : redact(item as string));
      continue;
    }
    stack.pop();
    const done = closeFrame(frame);
    const parent = stack[stack.length - 1];
    if (parent === undefined) return done;
    settle(parent, done);
  }
}

function isContainer(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

function isPayload(frame: Frame, key: string | undefined): boolean {
  return key === 'blob' || (frame.binary && key === 'data');
}

function openFrame(source: object, redact: RedactText): Frame {
  if (Array.isArray(source))
    return { source, rawKeys: undefined, keys: undefined, items: source, results: [], changed: false, binary: false };
  const rawKeys = Object.keys(source);
  const keys = rawKeys.map((key) => redact(key));
  const record = source as Record<string, unknown>;
  return {
    source,
    rawKeys,
    keys,
    items: rawKeys.map((key) => record[key]),
    results: [],
    changed: keys.some((key, index) => key !== rawKeys[index]),
    binary: record.type === 'image' || record.type === 'audio',
  };
}

function settle(frame: Frame, result: unknown): void {
  if (result !== frame.items[frame.results.length]) frame.changed = true;
  frame.results.push(result);
}

function closeFrame(frame: Frame): unknown {
  if (!frame.changed) return frame.source;
  if (frame.keys === undefined) return frame.results;
  // fromEntries defines own properties, so a `__proto__` key from JSON stays data, never a prototype.
  return Object.fromEntries(frame.keys.map((key, index) => [key, frame.results[index]]));
}
