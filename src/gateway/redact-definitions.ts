// Tool definitions as they leave the gateway: a server's own text, redacted like its results.
import { redactJson } from '../redaction/index.js';
import type { PolicyView } from './policy-view.js';

/**
 * Known credentials and secret shapes replaced in every string of the definitions (names, descriptions,
 * schemas and their keys, annotations). The index, the tool cache, describe, search and direct listings read
 * these. A tool whose name held a credential keeps the redacted name, and calls to it fail downstream.
 */
export function redactDefinitions<T extends object>(tools: readonly T[], policy: PolicyView): T[] {
  return redactJson(tools, (text) => policy.redact(text)) as T[];
}
