// Where a secrets file stops being JSON, as a line and column: never the text around it, which may hold a secret.
import { parse, type ParseError } from 'jsonc-parser';

// config/json-syntax-error.ts does the same for config files; the secrets domain may not import config
// (test/architecture), and this needs only the position, not what was expected there.

/** "line 3, column 17", or undefined when the text is valid JSON. */
export function describeJsonErrorPosition(text: string): string | undefined {
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  const [first] = errors;
  if (first === undefined) return undefined;
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${first.offset - before.lastIndexOf('\n')}`;
}
