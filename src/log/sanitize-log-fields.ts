// Makes a log record safe to write: values under secret-named keys are censored at any depth, and every
// string goes through the secret redaction (known credential values, secret shapes) before it is logged.
import { isSecretKey } from '../redaction/index.js';

/** Replaces the secrets in one string; identity when none is known. */
export type TextRedactor = (text: string) => string;

export const CENSORED = '[REDACTED]';

/** A server's environment and headers: maps of its credentials, censored whole (a DATABASE_URL holds a password too). */
const CREDENTIAL_MAP_KEYS: ReadonlySet<string> = new Set(['env', 'headers']);

/** Deeper than this, a value is summarised rather than walked (log records are small; this guards cycles too). */
const MAX_DEPTH = 12;

/** Keys whose whole value is censored, however deep: credential maps, and secret-looking keys by the one rule. */
export function isCensoredKey(key: string): boolean {
  return CREDENTIAL_MAP_KEYS.has(key.toLowerCase()) || isSecretKey(key);
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

function walkObject(
  value: Record<string, unknown>,
  redact: TextRedactor,
  depth: number,
  seen: WeakSet<object>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      isCensoredKey(key) && item !== undefined && item !== null ? CENSORED : walk(item, redact, depth + 1, seen);
  }
  return out;
}
