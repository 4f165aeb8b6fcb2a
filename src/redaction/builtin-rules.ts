// The redaction rules every policy has, for secrets with a recognisable shape.
import type { RedactRule } from './text-redactor.js';

// Each pattern starts with a literal or a word boundary so V8 can skip ahead cheaply; on 256 KB of
// text with no secret all of them together take about a millisecond.
// Order matters where shapes overlap: the more specific rule (sk-ant-) runs before the general one (sk-).
const BUILTIN_PATTERNS: ReadonlyArray<readonly [name: string, pattern: RegExp]> = [
  [
    'private-key',
    /-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|$(?![\s\S]))/g,
  ],
  ['jwt', /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g],
  // The scheme word is kept so the text still reads as an Authorization header.
  ['bearer-token', /(?<=\bbearer\s+)[A-Za-z0-9._~+/-]{16,}=*/gi],
  ['aws-access-key-id', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g],
  ['github-token', /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g],
  ['slack-token', /\bxox[abposr]-[A-Za-z0-9-]{10,}/g],
  ['anthropic-api-key', /\bsk-ant-[A-Za-z0-9_-]{20,}/g],
  ['openai-api-key', /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g],
  ['google-api-key', /\bAIza[0-9A-Za-z_-]{35}/g],
  // Test keys are included: they still grant API access to the account's test data.
  ['stripe-key', /\b[sr]k_(?:live|test)_[0-9A-Za-z]{16,}/g],
];

/** Fresh objects on each call, so no caller can change the shared rules by accident. */
export function createBuiltinRedactRules(): RedactRule[] {
  return BUILTIN_PATTERNS.map(([name, pattern]) => ({
    name,
    pattern: new RegExp(pattern.source, pattern.flags),
    replacement: `[REDACTED:${name}]`,
  }));
}

export const BUILTIN_REDACT_RULE_NAMES: readonly string[] = BUILTIN_PATTERNS.map(([name]) => name);
