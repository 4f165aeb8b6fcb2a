// Locates the first JSON syntax error by line and column, without quoting the text around it.

// V8's own messages sometimes quote a slice of the file instead of a position, and a config file
// may hold tokens; this small scanner gives a position and an expectation instead.

export interface JsonSyntaxError {
  /** Zero-based character offset. */
  position: number;
  /** One-based. */
  line: number;
  /** One-based. */
  column: number;
  /** What the parser needed at that point, e.g. `',' or '}' after a property value`. */
  expected: string;
  /** True when the text ended before the JSON was complete. */
  atEnd: boolean;
}

class Stop {
  constructor(
    readonly position: number,
    readonly expected: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** Returns undefined when the text is valid JSON (or too deeply nested to scan). */
export function locateJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const fail = (expected: string): never => {
    throw new Stop(i, expected);
  };
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const expectChar = (char: string, expected: string): void => {
    skipSpace();
    if (text.charAt(i) !== char) fail(expected);
    i++;
  };

  const scanString = (): void => {
    i++;
    for (;;) {
      if (i >= text.length) fail('a closing \'"\'');
      const char = text.charAt(i);
      if (char === '"') return void i++;
      if (char === '\\') {
        const next = text.charAt(i + 1);
        if (next !== '' && '"\\/bfnrt'.includes(next)) i += 2;
        else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else {
          i++; // V8 points at the character after the backslash; agree with it.
          fail('a valid escape sequence after \\');
        }
        continue;
      }
      if (char.charCodeAt(0) < 0x20) fail('no raw line breaks or control characters inside a string');
      i++;
    }
  };

  const scanValue = (): void => {
    skipSpace();
    const char = text.charAt(i);
    if (char === '{') return scanObject();
    if (char === '[') return scanArray();
    if (char === '"') return scanString();
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number !== null) return void (i += number[0].length);
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) return void (i += word.length);
    }
    fail('a value (an object, array, string, number, true, false or null)');
  };

  const scanObject = (): void => {
    i++;
    skipSpace();
    if (text.charAt(i) === '}') return void i++;
    for (;;) {
      skipSpace();
      if (text.charAt(i) !== '"') fail('a double-quoted property name');
      scanString();
      expectChar(':', "':' after the property name");
      scanValue();
      skipSpace();
      const next = text.charAt(i);
      i++;
      if (next === '}') return;
      if (next !== ',') {
        i--;
        fail("',' or '}' after the property value");
      }
    }
  };

  const scanArray = (): void => {
    i++;
    skipSpace();
    if (text.charAt(i) === ']') return void i++;
    for (;;) {
      scanValue();
      skipSpace();
      const next = text.charAt(i);
      i++;
      if (next === ']') return;
      if (next !== ',') {
        i--;
        fail("',' or ']' after the array element");
      }
    }
  };

  try {
    scanValue();
    skipSpace();
    if (i < text.length) fail('the end of the file after the top-level value');
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) return undefined;
    return { ...lineAndColumn(text, error.position), position: error.position, expected: error.expected, atEnd: error.position >= text.length };
  }
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: position - lineStart + 1 };
}
