// Locates the first JSON syntax error by line and column, without quoting the text around it.
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

// V8's messages carry a position for most errors but quote a slice of the file for others (and a
// config or secrets file may hold tokens); jsonc-parser names every error with a code and an offset.

export interface JsonSyntaxError {
  /** Zero-based character offset. */
  position: number;
  /** One-based. */
  line: number;
  /** One-based. */
  column: number;
  /** What the parser needed at that point, e.g. `',' or '}' after the property value`. */
  expected: string;
  /** True when the text ended before the JSON was complete. */
  atEnd: boolean;
}

const VALUE = 'a value (an object, array, string, number, true, false or null)';

/** Keyed by jsonc-parser's error code names (its enum is `const`, so names are the stable handle). */
const EXPECTED: Record<string, string> = {
  InvalidSymbol: VALUE,
  ValueExpected: VALUE,
  PropertyNameExpected: 'a double-quoted property name',
  ColonExpected: "':' after the property name",
  CommaExpected: "',' between two items",
  CloseBraceExpected: "',' or '}' after the property value",
  CloseBracketExpected: "',' or ']' after the array element",
  EndOfFileExpected: 'the end of the file after the top-level value',
  InvalidEscapeCharacter: 'a valid escape sequence after \\',
  InvalidUnicode: 'a valid escape sequence after \\',
  UnexpectedEndOfString: "a closing '\"'",
  InvalidCharacter: 'no raw line breaks or control characters inside a string',
  InvalidCommentToken: 'no comments (JSON has none)',
};

/** Returns undefined when the text is valid JSON. */
export function locateJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  const [first] = errors;
  if (!first) return undefined;
  const position = v8Position(text) ?? first.offset;
  return {
    ...lineAndColumn(text, position),
    position,
    expected: EXPECTED[printParseErrorCode(first.error)] ?? VALUE,
    atEnd: position >= text.length,
  };
}

/** V8's own character position, when its message gives one: more exact than a token's start. */
function v8Position(text: string): number | undefined {
  try {
    JSON.parse(text);
  } catch (error) {
    const match = /at position (\d+)/.exec((error as Error).message);
    if (match) return Number(match[1]);
  }
  return undefined;
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - before.lastIndexOf('\n') };
}
