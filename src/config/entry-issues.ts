// Turns zod issues on one server entry into "field: expected X, received Y" text plus a fix.
import type { z } from 'zod';
import { closestName, formatFieldPath } from '../errors/index.js';
import { ENTRY_KEYS } from './config-file-schema.js';

/** More than this many issues at once is noise; the rest are counted, not listed. */
const MAX_LISTED_ISSUES = 3;

const FIELD_FIXES: Record<string, string> = {
  '': 'Make the entry an object such as {"command": "npx", "args": ["-y", "some-server"]}.',
  command:
    'Set "command" to the program to run (for example "npx"), or give "type": "http" and a "url" for a remote server.',
  args: 'Make "args" an array of strings; quote numbers and flags (for example ["--port", "3000"]).',
  env: 'Make "env" an object of string values; quote numbers and booleans (for example {"PORT": "3000"}).',
  headers: 'Make "headers" an object of string values (for example {"Authorization": "Bearer ${API_TOKEN}"}).',
  url: 'Set "url" to the full http(s) address of the server (for example "https://example.com/mcp").',
  type: 'Use "type": "stdio" with a "command", or "http" / "sse" with a "url".',
  cwd: 'Make "cwd" a directory path string (relative paths resolve against the config file).',
  description: 'Make "description" a string, or remove it.',
  disabled: 'Use "disabled": true to turn the server off, or remove the key.',
};

export interface EntryIssueReport {
  /** `field: expected ..., received ...` for each listed issue, joined. */
  summary: string;
  /** What to change, for the first issue's field. */
  fix: string;
}

export function describeEntryIssues(issues: readonly z.core.$ZodIssue[], raw: unknown): EntryIssueReport {
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => {
    const field = formatFieldPath(issue.path);
    const received = describeReceived(valueAt(raw, issue.path), issue.path);
    const typo = misspeltAs(issue, raw);
    const shown = typo ? received.replace(/\)$/, `; "${typo}" is there: a misspelling of "${field}"?)`) : received;
    return `${field || 'the entry'}: expected ${describeExpected(issue)}, received ${shown}`;
  });
  const more = issues.length - listed.length;
  const topField = String(issues[0]?.path[0] ?? '');
  const typo = issues[0] ? misspeltAs(issues[0], raw) : undefined;
  return {
    summary: listed.join('; ') + (more > 0 ? `; and ${more} more` : ''),
    fix: typo ? `Rename "${typo}" to "${topField}".` : (FIELD_FIXES[topField] ?? `Correct "${topField}" or remove it.`),
  };
}

/** For a missing top-level field, an unknown key of the entry that is a near miss of it (`comand` for `command`). */
function misspeltAs(issue: z.core.$ZodIssue, raw: unknown): string | undefined {
  if (issue.path.length !== 1 || valueAt(raw, issue.path) !== undefined) return undefined;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const field = String(issue.path[0]);
  return Object.keys(raw).find((key) => !ENTRY_KEYS.includes(key) && closestName(key, [field]) === field);
}

/** The one shape of a DisabledServer error: which server, which file, what is wrong, what to do. */
export function formatEntryError(name: string, file: string, problem: string, fix: string): string {
  return `Server "${name}" in ${file} is disabled: ${problem}. ${fix} Then call gateway_refresh (or restart your MCP client).`;
}

function describeExpected(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'record' ? 'an object' : withArticle(issue.expected);
    case 'too_small':
      return issue.origin === 'string' ? 'a non-empty string' : issue.message;
    case 'invalid_value':
      return `one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return issue.message;
  }
}

/** Types only, never values: an entry may hold tokens. `type` is the exception, since it is a keyword. */
function describeReceived(value: unknown, path: readonly PropertyKey[]): string {
  if (typeof value === 'string' && path.length === 1 && path[0] === 'type') return JSON.stringify(value);
  return describeJsonType(value);
}

/** `an array`, `a number`, `an empty string`, ...: what a JSON value is, never what it holds. */
export function describeJsonType(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  return withArticle(typeof value);
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current = raw;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function withArticle(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}
