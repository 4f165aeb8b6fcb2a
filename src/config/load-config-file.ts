// Reads one config file and decides, per entry, whether it is a usable, disabled or skipped server.
import path from 'node:path';
import { isGatewayError } from '../errors/index.js';
import { readOwnFile } from '../storage/file-ownership.js';
import type { ProjectTrust, TrustVerdict } from '../trust/trust-list.js';
import { isRecord, parseEntry } from './config-file-schema.js';
import type { ConfigSource } from './config-sources.js';
import { describeEntryIssues, formatEntryError } from './entry-issues.js';
import { entryVariables } from './entry-variables.js';
import { normalizeRemoteEntry, normalizeStdioEntry } from './normalize-entry.js';
import { parseConfigText } from './parse-config-file.js';
import { detectSelfLaunch } from './self-launch.js';
import {
  isReservedServerName,
  RESERVED_NAME_PROBLEM,
  SERVER_NAME_PATTERN,
  type DisabledServer,
  type DiscoveredConfig,
  type EntryScope,
  type ServerEntry,
} from './server-entry.js';

export type SkippedServer = DiscoveredConfig['skipped'][number];

export type EntryOutcome =
  | { kind: 'server'; name: string; entry: ServerEntry }
  | { kind: 'disabled'; name: string; disabled: DisabledServer }
  | { kind: 'skipped'; name: string; skipped: SkippedServer };

export interface LoadedConfigFile {
  found: boolean;
  /** Set when the whole file could not be used; `outcomes` is then empty. */
  problem?: string;
  /** Set for a project file the user has not trusted (as it is now); `outcomes` is then empty. */
  untrusted?: { verdict: Exclude<TrustVerdict, 'trusted'>; servers: string[] };
  outcomes: EntryOutcome[];
}

export interface LoadContext {
  env: Record<string, string | undefined>;
  homeDir: string;
  selfScripts: ReadonlySet<string>;
  /**
   * Stored credentials of one server in one scope; they fill its `${VAR}` templates before `env` does. A
   * project entry asks for `project` secrets only, never those the user stored for a same-name entry.
   */
  secretsFor?: (server: string, scope: EntryScope) => Readonly<Record<string, string>>;
  /** Which project files the user trusted; a project file it does not trust contributes nothing. */
  trust: ProjectTrust;
}

/** A name past this length is cut in messages; the pattern already says the limit. */
const MAX_SHOWN_NAME = 80;

export async function loadConfigFile(source: ConfigSource, context: LoadContext): Promise<LoadedConfigFile> {
  const file = source.path;
  let text: string;
  try {
    // Checked on the handle that is read, so the file cannot be swapped between the check and the read.
    text = await readOwnFile(file, source.ownerCheck ? {} : { uid: undefined });
  } catch (error) {
    if (isGatewayError(error)) return { found: true, problem: error.message, outcomes: [] };
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { found: false, outcomes: [] };
    const received = code === 'EISDIR' ? 'a directory' : `a read error (${code ?? 'unknown'})`;
    const problem = `${file} could not be read: expected a readable JSON file, received ${received}. Check the path and its permissions, then call gateway_refresh (or restart your MCP client).`;
    return { found: true, problem, outcomes: [] };
  }
  const parsed = parseConfigText(text, file);
  if (!parsed.ok) return { found: true, problem: parsed.problem, outcomes: [] };
  const scope: EntryScope = source.role === 'project' ? 'project' : 'user';
  if (scope === 'project') {
    // Nothing of a repository's file runs, or fills a template, before the user trusted this very content.
    const verdict = context.trust.verdict(file, text);
    if (verdict !== 'trusted')
      return { found: true, untrusted: { verdict, servers: parsed.entries.map(([name]) => name) }, outcomes: [] };
  }
  const outcomes: EntryOutcome[] = [];
  for (const [name, raw] of parsed.entries) outcomes.push(await resolveEntry(name, raw, file, scope, context));
  return { found: true, outcomes };
}

async function resolveEntry(
  name: string,
  raw: unknown,
  file: string,
  scope: EntryScope,
  context: LoadContext,
): Promise<EntryOutcome> {
  // Only when there are any: most entries declare none, and their shape stays as it was.
  const declared = entryVariables(raw);
  const variables = declared.length > 0 ? { variables: declared } : {};
  const disable = (error: string): EntryOutcome => ({
    kind: 'disabled',
    name,
    disabled: { name, source: file, error, ...variables },
  });
  const skip = (reason: string): EntryOutcome => ({ kind: 'skipped', name, skipped: { name, source: file, reason } });

  // Checked before validation: users park half-written entries behind `disabled: true`.
  if (isRecord(raw) && raw.disabled === true) return skip('"disabled": true in its config file');
  if (!SERVER_NAME_PATTERN.test(name)) {
    const shown = JSON.stringify(name.length > MAX_SHOWN_NAME ? `${name.slice(0, MAX_SHOWN_NAME)}...` : name);
    const problem = `the server name ${shown} does not match ${SERVER_NAME_PATTERN.source} (a letter or digit, then up to 62 letters, digits, '.', '_' or '-')`;
    return disable(formatEntryError(shown.slice(1, -1), file, problem, 'Rename the key in that file.'));
  }
  if (isReservedServerName(name))
    return disable(formatEntryError(name, file, RESERVED_NAME_PROBLEM, 'Rename the key in that file.'));

  const entry = parseEntry(raw);
  if (!entry.ok) {
    const report = describeEntryIssues(entry.issues, raw);
    return disable(formatEntryError(name, file, report.summary, report.fix));
  }
  const normalizeContext = {
    file,
    scope,
    env: { ...context.env, ...context.secretsFor?.(name, scope) },
    homeDir: context.homeDir,
  };
  if (entry.kind === 'remote') {
    const remote = normalizeRemoteEntry(name, entry.entry, normalizeContext);
    return remote.ok ? { kind: 'server', name, entry: { ...remote.entry, ...variables } } : disable(remote.error);
  }
  const stdio = normalizeStdioEntry(name, entry.entry, normalizeContext);
  if (!stdio.ok) return disable(stdio.error);
  const selfLaunch = await detectSelfLaunch(stdio.entry, {
    selfScripts: context.selfScripts,
    baseDir: stdio.entry.cwd ?? path.dirname(file),
    homeDir: context.homeDir,
  });
  if (selfLaunch !== undefined)
    return skip(`it launches toolgate itself (${selfLaunch}); toolgate does not start itself, which would recurse`);
  return { kind: 'server', name, entry: { ...stdio.entry, ...variables } };
}
