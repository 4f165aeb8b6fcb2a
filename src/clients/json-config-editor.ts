// Reads and edits JSON (and JSONC) config files in place: only the edited property's text changes.
import {
  applyEdits,
  findNodeAtLocation,
  parse,
  parseTree,
  printParseErrorCode,
  type Edit,
  type JSONPath,
  type Node,
  type ParseError,
} from 'jsonc-parser';
import { isRecord } from '../config/config-file-schema.js';
import { GatewayError } from '../errors/index.js';

// jsonc-parser finds the nodes; its own edits are not used, since its formatting re-indents every
// line an edit touches (reflowing a neighbouring one-line entry) and its unformatted removals leave
// a property's line behind. New text is indented here in the file's own style.

/** Parses a config file's text; comments and trailing commas are accepted (VS Code and OpenCode allow them). */
export function parseJsonConfig(text: string, file: string): Record<string, unknown> {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return {};
  const errors: ParseError[] = [];
  const value: unknown = parse(body, errors, { allowTrailingComma: true, disallowComments: false });
  const [first] = errors;
  if (first) {
    const { line, column } = lineAndColumn(body, first.offset);
    throw new GatewayError(
      'CONFIG_INVALID',
      `${file} is not valid JSON: ${printParseErrorCode(first.error)} at line ${line}, column ${column}. Nothing was changed.`,
      {
        hint: 'Fix the file (or move it away), then run the command again.',
      },
    );
  }
  if (!isRecord(value)) {
    throw new GatewayError('CONFIG_INVALID', `${file}: expected a JSON object at the top level. Nothing was changed.`, {
      hint: 'Fix the file (or move it away), then run the command again.',
    });
  }
  return value;
}

/** Sets (or, with `undefined`, removes) one property; every other byte of the text stays as it was. */
export function editJsonProperty(text: string, path: JSONPath, value: unknown): string {
  const body = text.trim() === '' ? '{}\n' : text;
  const root = parseTree(body, [], { allowTrailingComma: true });
  if (!root || root.type !== 'object') throw new Error('editJsonProperty needs a JSON object at the top level');
  if (value === undefined) {
    const property = findNodeAtLocation(root, path)?.parent;
    return property?.type === 'property' ? applyEdits(body, [removeProperty(body, property)]) : body;
  }
  const style = detectStyle(body);
  const existing = findNodeAtLocation(root, path);
  if (existing) {
    return applyEdits(body, [
      {
        offset: existing.offset,
        length: existing.length,
        content: pretty(value, lineIndent(body, existing.parent?.offset ?? existing.offset), style),
      },
    ]);
  }
  // The deepest object on the path that exists gets one new property holding the rest of the path.
  let depth = path.length - 1;
  let parent = depth === 0 ? root : findNodeAtLocation(root, path.slice(0, depth));
  while (!parent || parent.type !== 'object') {
    depth -= 1;
    parent = depth === 0 ? root : findNodeAtLocation(root, path.slice(0, depth));
    if (depth === 0 && parent?.type !== 'object') throw new Error('editJsonProperty found no object to add to');
  }
  const nested = path.slice(depth + 1).reduceRight<unknown>((inner, key) => ({ [String(key)]: inner }), value);
  return applyEdits(body, [insertProperty(body, parent, String(path[depth]), nested, style)]);
}

interface TextStyle {
  unit: string;
  eol: string;
}

function insertProperty(text: string, parent: Node, key: string, value: unknown, style: TextStyle): Edit {
  const properties = parent.children ?? [];
  const last = properties[properties.length - 1];
  const parentIndent = lineIndent(text, parent.offset);
  // A sibling that starts on its own line sets the indentation; otherwise one unit deeper than the parent.
  const indent =
    last && !sameLine(text, parent.offset, last.offset) ? lineIndent(text, last.offset) : parentIndent + style.unit;
  const property = `${JSON.stringify(key)}: ${pretty(value, indent, style)}`;
  if (last) return { offset: last.offset + last.length, length: 0, content: `,${style.eol}${indent}${property}` };
  return {
    offset: parent.offset + 1,
    length: parent.length - 2,
    content: `${style.eol}${indent}${property}${style.eol}${parentIndent}`,
  };
}

/** Whole lines when the property has its own, so no blank line or stray comma is left. */
function removeProperty(text: string, property: Node): Edit {
  const siblings = property.parent?.children ?? [];
  const index = siblings.indexOf(property);
  const end = property.offset + property.length;
  const next = siblings[index + 1];
  if (next) {
    const comma = /^\s*,[ \t]*/.exec(text.slice(end));
    const lineStart = text.lastIndexOf('\n', property.offset - 1) + 1;
    const ownsLine = text.slice(lineStart, property.offset).trim() === '';
    if (comma) {
      const stop = end + comma[0].length;
      const newline = /^\r?\n/.exec(text.slice(stop))?.[0];
      // Its own line(s) go whole; on a shared line only the property and its comma go.
      return ownsLine && newline
        ? { offset: lineStart, length: stop + newline.length - lineStart, content: '' }
        : { offset: property.offset, length: stop - property.offset, content: '' };
    }
    // A comment between the property and its comma: cut up to the next property.
    return { offset: property.offset, length: next.offset - property.offset, content: '' };
  }
  const previous = siblings[index - 1];
  if (previous)
    return { offset: previous.offset + previous.length, length: end - previous.offset - previous.length, content: '' };
  const parent = property.parent!;
  return { offset: parent.offset + 1, length: parent.length - 2, content: '' };
}

/** JSON text of `value` in the file's indentation, continuing lines indented under `indent`. */
function pretty(value: unknown, indent: string, style: TextStyle): string {
  return JSON.stringify(value, null, style.unit).split('\n').join(`${style.eol}${indent}`);
}

/** The file's own indentation unit and line ending, so inserted text looks like the rest. */
function detectStyle(text: string): TextStyle {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indents = [...text.matchAll(/^([ \t]+)\S/gm)].map((match) => match[1]!);
  if (indents.some((indent) => indent.startsWith('\t'))) return { unit: '\t', eol };
  const widths = indents.map((indent) => indent.length);
  return { unit: ' '.repeat(widths.length > 0 ? Math.min(...widths) : 2), eol };
}

function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

function sameLine(text: string, a: number, b: number): boolean {
  return !text.slice(Math.min(a, b), Math.max(a, b)).includes('\n');
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}
