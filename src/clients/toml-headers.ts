// Finds the `[table]` and `[[array]]` header lines of a TOML text, skipping multi-line strings.

export interface TomlHeader {
  /** Zero-based line index. */
  line: number;
  /** The header's dotted key path, unquoted. */
  keys: string[];
  array: boolean;
}

const HEADER = /^\s*(\[\[?)(.*?)(\]\]?)\s*(#.*)?$/;

export function findTomlHeaders(lines: readonly string[]): TomlHeader[] {
  const headers: TomlHeader[] = [];
  let open: '"""' | "'''" | undefined;
  lines.forEach((line, index) => {
    if (open !== undefined) {
      const close = line.indexOf(open);
      if (close === -1) return;
      const rest = line.slice(close + 3);
      open = openMultiline(rest);
      return;
    }
    const match = HEADER.exec(line);
    if (match && match[1]!.length === match[3]!.length) {
      const keys = parseKeyPath(match[2]!);
      if (keys) {
        headers.push({ line: index, keys, array: match[1] === '[[' });
        return;
      }
    }
    open = openMultiline(line);
  });
  return headers;
}

/** The delimiter of a multi-line string left open at the end of this text, if any. */
function openMultiline(text: string): '"""' | "'''" | undefined {
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '#') return undefined;
    const triple = text.slice(i, i + 3);
    if (triple === '"""' || triple === "'''") {
      const close = findClose(text, i + 3, triple);
      if (close === -1) return triple;
      i = close + 3;
      continue;
    }
    if (char === '"' || char === "'") {
      i = skipString(text, i, char);
      continue;
    }
    i += 1;
  }
  return undefined;
}

function findClose(text: string, from: number, delimiter: string): number {
  for (let i = from; i < text.length; i += 1) {
    if (delimiter === '"""' && text[i] === '\\') {
      i += 1;
      continue;
    }
    if (text.startsWith(delimiter, i)) return i;
  }
  return -1;
}

function skipString(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i += 1) {
    if (quote === '"' && text[i] === '\\') {
      i += 1;
      continue;
    }
    if (text[i] === quote) return i + 1;
  }
  return text.length;
}

/** `a."b.c".'d'` → ['a', 'b.c', 'd']; undefined when it is not a key path. */
export function parseKeyPath(text: string): string[] | undefined {
  const keys: string[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    let key: string;
    const bare = /^[A-Za-z0-9_-]+/.exec(rest);
    if (bare) {
      key = bare[0];
      rest = rest.slice(key.length);
    } else if (rest.startsWith('"')) {
      const end = skipString(rest, 0, '"');
      try {
        key = JSON.parse(rest.slice(0, end)) as string;
      } catch {
        return undefined;
      }
      rest = rest.slice(end);
    } else if (rest.startsWith("'")) {
      const end = rest.indexOf("'", 1);
      if (end === -1) return undefined;
      key = rest.slice(1, end);
      rest = rest.slice(end + 1);
    } else {
      return undefined;
    }
    keys.push(key);
    rest = rest.trimStart();
    if (rest.length === 0) break;
    if (!rest.startsWith('.')) return undefined;
    rest = rest.slice(1).trimStart();
  }
  return keys.length > 0 ? keys : undefined;
}
