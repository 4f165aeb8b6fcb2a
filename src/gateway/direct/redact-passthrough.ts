// Redaction of what flat exposure passes through besides tool results: prompts, resources, completions, errors.
import { redactJson } from '../../policy/redact-json.js';

/**
 * Known credential values and the redact rules, over every string of a value (object keys included), as
 * tool output gets them; binary payloads (`blob`, an image's or audio's `data`) are left byte for byte.
 */
export function redactPassthrough<T>(value: T, redact: (text: string) => string): T {
  return redactJson(value, redact) as T;
}
