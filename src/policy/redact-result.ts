// Runs a text redaction over the parts of a tool result that carry text, copying only what changes.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

type Block = CallToolResult['content'][number];

type RedactText = (text: string) => string;

/** Text blocks, embedded text resources and resource links; images, audio, blobs and unknown types are returned as they are. */
export function redactBlock(block: Block, redact: RedactText): Block {
  if (block.type === 'text' && typeof block.text === 'string') {
    const text = redact(block.text);
    return text === block.text ? block : { ...block, text };
  }
  if (block.type === 'resource') {
    // Its text, and its URI (a signed URL can carry a credential, as a resource link's can).
    const text = 'text' in block.resource && typeof block.resource.text === 'string' ? redact(block.resource.text) : undefined;
    const uri = typeof block.resource.uri === 'string' ? redact(block.resource.uri) : block.resource.uri;
    const textChanged = text !== undefined && text !== (block.resource as { text?: string }).text;
    if (!textChanged && uri === block.resource.uri) return block;
    return { ...block, resource: { ...block.resource, uri, ...(textChanged ? { text } : {}) } } as Block;
  }
  if (block.type === 'resource_link') {
    // A link's text fields can carry a credential too (a signed URL, a token in a description).
    let changed = false;
    const fields: Record<string, string> = {};
    for (const key of ['uri', 'name', 'title', 'description'] as const) {
      const value = block[key];
      if (typeof value !== 'string') continue;
      fields[key] = redact(value);
      if (fields[key] !== value) changed = true;
    }
    return changed ? { ...block, ...fields } : block;
  }
  return block;
}

/** Every string value at any depth of JSON-like data; keys are left alone. Unchanged parts keep their identity. */
export function redactValue(value: unknown, redact: RedactText): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, index) => {
      const redacted = redactValue(item, redact);
      if (redacted !== item) {
        copy ??= [...value];
        copy[index] = redacted;
      }
    });
    return copy ?? value;
  }
  if (value !== null && typeof value === 'object') {
    let changed = false;
    const entries = Object.entries(value).map(([key, item]): [string, unknown] => {
      const redacted = redactValue(item, redact);
      if (redacted !== item) changed = true;
      return [key, redacted];
    });
    // fromEntries defines own properties, so a `__proto__` key from JSON stays data, never a prototype.
    return changed ? Object.fromEntries(entries) : value;
  }
  return value;
}
