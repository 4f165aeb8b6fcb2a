// Turns zod issues on a policy file into "tools.deny[1] (line 5, column 7): expected X, received Y" lines.
import { isMap, isScalar } from 'yaml';
import type { Document, LineCounter, Node } from 'yaml';
import type { z } from 'zod';
import { KNOWN_POLICY_KEYS } from './policy-schema.js';
import { describeValue, formatFieldPath, stripZodPrefix } from '../errors/index.js';

/** More than this many issues at once is noise; the rest are counted, not listed. */
const MAX_LISTED_ISSUES = 5;

export function describePolicyIssues(
  issues: readonly z.core.$ZodIssue[],
  doc: Document,
  lineCounter: LineCounter,
): string {
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => {
    const where = formatFieldPath(issue.path);
    const position = locate(issue, doc, lineCounter);
    const at = position === undefined ? '' : ` (line ${position.line}, column ${position.col})`;
    return `${where || 'the file'}${at}: ${describeIssue(issue)}`;
  });
  const more = issues.length - listed.length;
  return listed.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const keys = issue.keys.map((key) => JSON.stringify(key)).join(', ');
      const known = KNOWN_POLICY_KEYS[issue.path.filter((key) => typeof key !== 'number').join('.')];
      const expected = known === undefined ? '' : `; expected only ${known.join(', ')}`;
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}${expected}`;
    }
    case 'invalid_type':
      return `expected ${describeExpectedType(issue.expected)}, received ${describeValue(issue.input)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}, received ${describeValue(issue.input)}`;
    case 'too_small':
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int') {
        const bound =
          issue.code === 'too_small'
            ? `${issue.inclusive === false ? 'greater than' : 'at least'} ${issue.minimum}`
            : `${issue.inclusive === false ? 'less than' : 'at most'} ${issue.maximum}`;
        return `expected a whole number ${bound}, received ${describeValue(issue.input)}`;
      }
      return `${stripZodPrefix(issue.message)}, received ${describeValue(issue.input)}`;
    case 'invalid_union':
      return `expected a regular expression string or {name, pattern, flags?, replacement?}, received ${describeValue(issue.input)}`;
    default:
      return `${stripZodPrefix(issue.message)}, received ${describeValue(issue.input)}`;
  }
}

function describeExpectedType(expected: string): string {
  if (expected === 'int') return 'a whole number';
  if (expected === 'object') return 'a mapping (key: value lines)';
  if (expected === 'array') return 'a list';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** The line and column of the offending node: the unknown key itself, or the closest node that exists. */
function locate(
  issue: z.core.$ZodIssue,
  doc: Document,
  lineCounter: LineCounter,
): { line: number; col: number } | undefined {
  const path = [...issue.path];
  let node = nodeAt(doc, path);
  while (node === undefined && path.length > 0) {
    path.pop();
    node = nodeAt(doc, path);
  }
  if (issue.code === 'unrecognized_keys' && isMap(node)) {
    const pair = node.items.find((item) => isScalar(item.key) && item.key.value === issue.keys[0]);
    if (pair !== undefined && isScalar(pair.key)) node = pair.key;
  }
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : lineCounter.linePos(offset);
}

function nodeAt(doc: Document, path: PropertyKey[]): Node | undefined {
  if (path.length === 0) return doc.contents ?? undefined;
  const node: unknown = doc.getIn(path, true);
  return node !== null && typeof node === 'object' && 'range' in node ? (node as Node) : undefined;
}
