// How a received value and a validator's message read inside a "expected X, received Y" error message.

/** Config, manifest and policy files hold names, globs and patterns, not secrets, so short values are quoted to help. */
const MAX_QUOTED_VALUE = 60;

/** `nothing`, `a list`, `a mapping`, or the value quoted (cut after MAX_QUOTED_VALUE characters). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  // In YAML an empty value (`key:`) is null, which is how most nulls get into these files.
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const quoted = JSON.stringify(value);
  return quoted.length > MAX_QUOTED_VALUE ? `a ${typeof value} starting ${quoted.slice(0, MAX_QUOTED_VALUE)}…` : quoted;
}

/** zod's "Invalid input: " style prefix says nothing the surrounding message does not. */
export function stripZodPrefix(message: string): string {
  return message.replace(/^Invalid (input|string|option): /, '');
}
