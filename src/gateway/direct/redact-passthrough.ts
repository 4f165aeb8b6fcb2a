// Redaction of what flat exposure passes through besides tool results: prompts, resources, completions, errors.

/**
 * Known credential values and the redact rules, over every text of a value, as tool output gets them.
 * Binary payloads (`blob`, an image's or audio's `data`) are left byte for byte. Unchanged parts are copied
 * anyway: these answers are small next to tool output.
 */
export function redactPassthrough<T>(value: T, redact: (text: string) => string): T {
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return redact(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item === null || typeof item !== 'object') return item;
    const type = (item as { type?: unknown }).type;
    const binary = type === 'image' || type === 'audio';
    // fromEntries defines own properties, so a `__proto__` key from JSON stays data.
    return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, key === 'blob' || (binary && key === 'data') ? inner : walk(inner)]));
  };
  return walk(value) as T;
}
