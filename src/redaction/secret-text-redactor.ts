// The redaction applied outside tool results (the log): known credential values plus the built-in secret shapes.
import { createBuiltinRedactRules } from './builtin-rules.js';
import { createRedactor } from './text-redactor.js';

/** Replaces known secret values, then strings shaped like secrets (tokens, keys, JWTs, private keys). */
export function createSecretTextRedactor(knownSecrets: readonly string[] = []): (text: string) => string {
  const redactor = createRedactor(createBuiltinRedactRules(), knownSecrets);
  return (text) => redactor(text).text;
}
