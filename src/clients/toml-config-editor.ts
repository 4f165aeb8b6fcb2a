// Edits `[mcp_servers.<name>]` tables of a TOML file (Codex) as text, so comments and the rest stay byte for byte.
import { parse, stringify, TomlError } from 'smol-toml';
import { GatewayError } from '../errors/index.js';
import { findTomlHeaders, type TomlHeader } from './toml-headers.js';

// No maintained TOML library for Node edits a document in place, so tables are cut and appended as
// text; smol-toml parses before and after, and an edit whose result is not exactly the intended data
// (an entry written as an inline table or with dotted keys) is refused rather than written.

export function parseTomlConfig(text: string, file: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (error) {
    const where = error instanceof TomlError ? ` at line ${error.line}, column ${error.column}` : '';
    throw new GatewayError('CONFIG_INVALID', `${file} is not valid TOML${where}. Nothing was changed.`, {
      hint: 'Fix the file (or move it away), then run the command again.',
      cause: error,
    });
  }
}

/** The text of one `[table.name]` block (and its sub-tables), as smol-toml writes it. */
export function tomlTableText(table: string, name: string, entry: Record<string, unknown>): string {
  return stringify({ [table]: { [name]: entry } }).trim();
}

export interface TomlServerEdit {
  /** The server map's key, `mcp_servers` for Codex. */
  table: string;
  set?: { name: string; entry: Record<string, unknown> };
  remove: readonly string[];
}

export function editTomlServers(text: string, file: string, edit: TomlServerEdit): string {
  const before = parseTomlConfig(text, file);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let lines = text.split(/\r?\n/);
  for (const name of edit.remove) lines = replaceTable(lines, [edit.table, name], undefined);
  if (edit.set)
    lines = replaceTable(
      lines,
      [edit.table, edit.set.name],
      tomlTableText(edit.table, edit.set.name, edit.set.entry).split('\n'),
    );
  const result = lines.join(eol);

  const expected = structuredClone(before);
  const servers = { ...(expected[edit.table] as Record<string, unknown> | undefined) };
  for (const name of edit.remove) delete servers[name];
  if (edit.set) servers[edit.set.name] = edit.set.entry;
  expected[edit.table] = servers;
  if (canonical(parseTomlConfig(result, file)) !== canonical(expected)) {
    throw new GatewayError(
      'CONFIG_INVALID',
      `${file} could not be edited safely: its [${edit.table}] entries are written in a layout this editor does not rewrite (an inline table or dotted keys). Nothing was changed.`,
      {
        hint: `Write each server as its own [${edit.table}.<name>] table, or add the entry shown by \`toolgate setup\` (without --write) by hand.`,
      },
    );
  }
  return result;
}

/** Replaces every block of `path` (and its sub-tables) by `block`, or removes them when `block` is undefined. */
function replaceTable(lines: string[], path: readonly string[], block: string[] | undefined): string[] {
  const headers = findTomlHeaders(lines);
  const ranges = blockRanges(lines, headers, path);
  if (ranges.length === 0) {
    if (!block) return lines;
    const trimmed = [...lines];
    while (trimmed.length > 0 && trimmed[trimmed.length - 1]!.trim() === '') trimmed.pop();
    return trimmed.length === 0 ? [...block, ''] : [...trimmed, '', ...block, ''];
  }
  const out = [...lines];
  // Back to front, so earlier indexes stay valid; the block goes where the first range was.
  ranges.reverse().forEach(([start, end], index) => {
    const isFirst = index === ranges.length - 1;
    const replacement = isFirst && block ? block : keptComments(out.slice(start, end), path);
    // Removing a block between two blank lines would leave two; drop one of them.
    const extra =
      replacement.length === 0 &&
      start > 0 &&
      out[start - 1]!.trim() === '' &&
      (end >= out.length || out[end]!.trim() === '')
        ? 1
        : 0;
    out.splice(start - extra, end - start + extra, ...replacement);
  });
  return out;
}

/**
 * The user's comments of a removed block stay in the file (they may say why a server is set up so, or
 * describe what follows), under one line saying where the table went; a block without comments leaves nothing.
 */
function keptComments(block: readonly string[], path: readonly string[]): string[] {
  const comments = block.filter(isComment);
  if (comments.length === 0) return [];
  return [
    `# [${path.map(tomlKey).join('.')}] was moved to toolgate's server list by \`toolgate setup --import\`; its comments:`,
    ...comments,
  ];
}

function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

/** [start, end) line ranges of the blocks under `path`, with their leading comments, without trailing ones. */
function blockRanges(
  lines: readonly string[],
  headers: readonly TomlHeader[],
  path: readonly string[],
): [number, number][] {
  const ranges: [number, number][] = [];
  headers.forEach((header, index) => {
    if (!path.every((key, i) => header.keys[i] === key)) return;
    let start = header.line;
    let end = headers[index + 1]?.line ?? lines.length;
    // Comments right above a header describe it; comments and blanks at the end of a block describe the next one.
    while (start > 0 && isComment(lines[start - 1]!)) start -= 1;
    while (end - 1 > header.line && (lines[end - 1]!.trim() === '' || isComment(lines[end - 1]!))) end -= 1;
    const previous = ranges[ranges.length - 1];
    if (
      previous &&
      previous[1] >= start - 1 &&
      lines.slice(previous[1], start).every((line) => line.trim() === '' || isComment(line))
    )
      previous[1] = end;
    else ranges.push([start, end]);
  });
  return ranges;
}

function isComment(line: string): boolean {
  return /^\s*#/.test(line);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) && !(inner instanceof Date)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : inner,
  );
}
