// Builds the function that replaces secrets in text: known secret values first, then pattern rules.

/** One pattern rule: a policy's `redact` entry or a built-in secret shape. */
export interface RedactRule {
  name: string;
  /** Compiled with the `g` flag added. */
  pattern: RegExp;
  replacement: string;
}

export interface RedactionResult {
  text: string;
  /** How many secrets were replaced. */
  count: number;
}

export type Redactor = (text: string) => RedactionResult;

/** Shorter values (`true`, `8080`, `admin`) are too likely to be ordinary words to replace blindly. */
export const MIN_KNOWN_SECRET_LENGTH = 8;

export const KNOWN_SECRET_REPLACEMENT = '[REDACTED:secret]';

/**
 * `knownSecrets` are exact values (such as the env values of configured servers) replaced wherever
 * they appear. Replacements are literal text: `$1` in a replacement is not expanded.
 */
export function createRedactor(rules: readonly RedactRule[], knownSecrets: readonly string[] = []): Redactor {
  const passes: Array<{ pattern: RegExp; replacement: string }> = [];
  const known = createKnownSecretsPattern(knownSecrets);
  // Exact values first: they are certain, and a pattern rule must not half-replace one first.
  if (known !== undefined) passes.push({ pattern: known, replacement: KNOWN_SECRET_REPLACEMENT });
  for (const rule of rules) passes.push({ pattern: withGlobalFlag(rule.pattern), replacement: rule.replacement });

  return (text: string): RedactionResult => {
    let count = 0;
    let current = text;
    for (const { pattern, replacement } of passes) {
      // No match costs one native scan and returns the same string; the callback runs only on hits.
      current = current.replace(pattern, (match: string) => {
        // A pattern that can match the empty string would insert its replacement between every character.
        if (match === '') return match;
        count += 1;
        return replacement;
      });
    }
    return { text: current, count };
  };
}

/** One alternation, longest first, so that a secret containing another is replaced whole. */
function createKnownSecretsPattern(knownSecrets: readonly string[]): RegExp | undefined {
  const values = [...new Set(knownSecrets)].filter((value) => value.length >= MIN_KNOWN_SECRET_LENGTH);
  if (values.length === 0) return undefined;
  values.sort((a, b) => b.length - a.length);
  return new RegExp(values.map(escapeRegExp).join('|'), 'g');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function withGlobalFlag(pattern: RegExp): RegExp {
  // Without `g`, replace() would stop at the first secret; with `y`, it would only look at the start.
  if (pattern.global && !pattern.sticky) return pattern;
  return new RegExp(pattern.source, `${pattern.flags.replace(/[gy]/g, '')}g`);
}
