// Turns zod issues on the manifest into lines that name the server, the field and the YAML line.
import type { Document, LineCounter, Node } from 'yaml';
import type { z } from 'zod';
import { describeValue, formatFieldPath, stripZodPrefix } from '../errors/index.js';

/** One problem in the manifest, as machine-readable details and as a sentence. */
export interface ManifestIssue {
  /** The server's name when it has a readable one, else `servers[<index>]`; undefined for top-level issues. */
  server?: string;
  /** The field inside the server (`npm.version`, `env[0].obtain`), or the top-level path. */
  field: string;
  line?: number;
  message: string;
}

/** More than this many issues at once is noise; the rest are counted, not listed. */
export const MAX_LISTED_ISSUES = 8;

export function toManifestIssues(issues: readonly z.core.$ZodIssue[], raw: unknown, doc?: Document, lineCounter?: LineCounter): ManifestIssue[] {
  return issues.map((issue) => {
    const line = doc && lineCounter ? lineOf(issue.path, doc, lineCounter) : undefined;
    const message = describeIssue(issue);
    const [top, index, ...rest] = issue.path;
    if (top !== 'servers' || typeof index !== 'number') return { field: formatFieldPath(issue.path) || '(document)', line, message };
    return { server: serverLabel(raw, index), field: formatFieldPath(rest) || '(entry)', line, message };
  });
}

/** `server "github", field npm.version (line 12): must be ...`, joined for the error message. */
export function formatManifestIssues(issues: readonly ManifestIssue[]): string {
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => {
    const at = issue.line === undefined ? '' : ` (line ${issue.line})`;
    const where = issue.server === undefined ? `field ${issue.field}` : `server "${issue.server}", field ${issue.field}`;
    return `${where}${at}: ${issue.message}`;
  });
  const more = issues.length - listed.length;
  return listed.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

function serverLabel(raw: unknown, index: number): string {
  const servers = (raw as { servers?: unknown } | null)?.servers;
  const entry: unknown = Array.isArray(servers) ? servers[index] : undefined;
  const name = (entry as { name?: unknown } | null)?.name;
  // Names are shown only when printable and short, so a hostile name cannot forge a message.
  return typeof name === 'string' && /^[\x20-\x7e]{1,64}$/.test(name) ? name : `servers[${index}]`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const message = stripZodPrefix(issue.message);
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
    case 'invalid_type':
      return issue.input === undefined ? `is required (expected ${issue.expected})` : `expected ${issue.expected}, received ${describeValue(issue.input)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}, received ${describeValue(issue.input)}`;
    case 'custom':
      return issue.input === undefined || typeof issue.input === 'object' ? message : `${message}; received ${describeValue(issue.input)}`;
    default:
      return `${message}; received ${describeValue(issue.input)}`;
  }
}

/** The line of the offending node, or of the closest ancestor that exists. */
function lineOf(issuePath: readonly PropertyKey[], doc: Document, lineCounter: LineCounter): number | undefined {
  const path = [...issuePath];
  while (path.length > 0) {
    const node: unknown = doc.getIn(path, true);
    if (node !== null && typeof node === 'object' && 'range' in node) {
      const offset = (node as Node).range?.[0];
      if (offset !== undefined) return lineCounter.linePos(offset).line;
    }
    path.pop();
  }
  return undefined;
}
