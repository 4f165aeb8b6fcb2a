// Makes a log record safe to write: values under secret-named keys are censored at any depth, and every
// string goes through the secret redaction (known credential values, secret shapes) before it is logged.

/** Replaces the secrets in one string; identity when none is known. */
export type TextRedactor = (text: string) => string;

export const CENSORED = '[REDACTED]';

/** Keys whose whole value is censored, however deep: credential maps and credential-named fields. */
const SECRET_KEY_PATTERN =
  /^(?:env|headers|authorization|proxy-authorization|cookie|set-cookie|token|secret|password|passwd|pwd|credentials?)$|(?:^|[-_])(?:token|secret|password|api[-_]?key|private[-_]?key)$/i;
/** camelCase names: `accessToken`, `clientSecret`, `apiKey` (case matters, so `maxTokens` is not one). */
const SECRET_CAMEL_KEY_PATTERN = /[a-z](?:Token|Secret|Password|ApiKey|PrivateKey)$|^apiKey$/;

/** Deeper than this, a value is summarised rather than walked (log records are small; this guards cycles too). */
const MAX_DEPTH = 12;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY_PATTERN.test(key) || SECRET_CAMEL_KEY_PATTERN.test(key);
}

/** A copy of `value` with secret keys censored and every string redacted; the input is never changed. */
export function sanitizeLogValue(value: unknown, redact: TextRedactor): unknown {
  return walk(value, redact, 0, new WeakSet<object>());
}

function walk(value: unknown, redact: TextRedactor, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Object]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, redact, depth + 1, seen));
    if (value instanceof Error) {
      // Flattened here (pino's err serializer would read the raw message and stack otherwise).
      const fields: Record<string, unknown> = { type: value.name, message: value.message, stack: value.stack };
      for (const [key, item] of Object.entries(value)) fields[key] = item;
      return walkObject(fields, redact, depth, seen);
    }
    if (value instanceof Date) return value.toISOString();
    return walkObject(value as Record<string, unknown>, redact, depth, seen);
  } finally {
    seen.delete(value);
  }
}

function walkObject(value: Record<string, unknown>, redact: TextRedactor, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretKey(key) && item !== undefined && item !== null ? CENSORED : walk(item, redact, depth + 1, seen);
  }
  return out;
}
