// `toolgate setup`: the entry for one client, and with `write` the edit of its file (backup first, atomic).
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { isRecord, parseEntry } from '../config/config-file-schema.js';
import { detectSelfLaunch } from '../config/self-launch.js';
import { GatewayError } from '../errors/index.js';
import {
  TOOLGATE_ENTRY_NAME,
  type ClientId,
  type SetupMode,
  type SetupScope,
  type ToolgateTarget,
} from './client-ids.js';
import { CLIENT_PROFILES, type ClientProfile } from './client-profiles.js';
import { backupFile, readOptionalText, writeConfigAtomic } from './config-file-io.js';
import { toToolgateEntry } from './import-entry.js';
import { editJsonProperty, parseJsonConfig } from './json-config-editor.js';
import { planServersFileMerge } from './servers-file.js';
import { editTomlServers, parseTomlConfig, tomlTableText } from './toml-config-editor.js';
import { SERVER_NAME_PATTERN } from '../config/server-entry.js';
import { readClientServers, type ClientServers, type ServerMap } from './server-maps.js';

export interface SetupClientOptions {
  client: ClientId;
  mode: SetupMode;
  scope: SetupScope;
  /** The client's config file (see clientConfigFile). */
  file: string;
  target: ToolgateTarget;
  /** Edit the file; without it nothing on disk changes. */
  write: boolean;
  /** Also move the file's other servers into `serversFile` (needs `write`). */
  importServers: boolean;
  /** toolgate's own list, TOOLGATE_HOME/servers.json. */
  serversFile: string;
  homeDir: string;
  /** The folder setup runs in (Claude Code's local-scope servers of this project are imported); default none. */
  projectPath?: string;
  /** toolgate's own entry scripts: an entry running one is left alone, never imported. */
  selfScripts: ReadonlySet<string>;
  /** The service's generated token file, when the entry uses that token (for the report). */
  tokenFile?: string;
  now?: () => Date;
}

export interface SetupReport {
  client: ClientId;
  mode: SetupMode;
  scope: SetupScope;
  file: string;
  format: 'json' | 'toml';
  entry_name: string;
  entry: Record<string, unknown>;
  /** What to paste into `file` by hand. */
  snippet: string;
  /** http: how the entry sends the bearer token (`literal`: the generated token is in the entry, and the file is kept mode 600). */
  token?: 'variable' | 'literal' | 'none';
  /** http: the service's generated token, when the entry uses it. */
  token_file?: string;
  written: boolean;
  /** False when the file already had exactly this entry (and nothing was imported). */
  changed: boolean;
  backup: string | null;
  import: ImportReport | null;
}

export interface ImportReport {
  servers_file: string;
  servers_backup: string | null;
  moved: string[];
  /** Entries left in the client's file, each with the reason. */
  kept: { name: string; reason: string }[];
  /** Client-only keys that had no toolgate equivalent, per moved server. */
  dropped_keys: Record<string, string[]>;
  /** What the user must still do for a moved server to start (a prompted value to store), per server. */
  notes: Record<string, string[]>;
}

export async function setupClient(options: SetupClientOptions): Promise<SetupReport> {
  if (options.importServers && !options.write) {
    throw new GatewayError('USAGE', '--import moves servers out of the client file, so it needs --write.', {
      hint: 'Add --write, or drop --import to only print the entry.',
    });
  }
  const profile = CLIENT_PROFILES[options.client];
  const text = await readOptionalText(options.file);
  const root =
    profile.syntax === 'toml' ? parseTomlConfig(text ?? '', options.file) : parseJsonConfig(text ?? '', options.file);
  const layout = readClientServers(profile, root, {
    file: options.file,
    ...(options.projectPath ? { projectPath: options.projectPath } : {}),
  });
  const entry = profile.buildEntry(options.target);
  // OpenCode V2 has `disabled` instead of `enabled`: a server is on unless it says otherwise.
  if (layout.openCodeV2) delete entry.enabled;
  const candidates = options.importServers ? await sortImports(layout, options) : undefined;
  const merge = candidates ? await planServersFileMerge(options.serversFile, candidates.entries) : undefined;
  const moved = merge?.merged ?? [];
  const removals = moved.map((name) => [...candidates!.sources[name]!, name]);
  const newText = editClientFile(profile, text, options.file, entry, { removals, entryPath: layout.entryPath });
  const changed = newText !== text;

  const report: SetupReport = {
    client: options.client,
    mode: options.mode,
    scope: options.scope,
    file: options.file,
    format: profile.syntax,
    entry_name: TOOLGATE_ENTRY_NAME,
    entry,
    snippet: snippetOf(profile, entry),
    ...(options.target.mode === 'http' ? { token: options.target.auth?.kind ?? 'none' } : {}),
    ...(options.tokenFile ? { token_file: options.tokenFile } : {}),
    written: false,
    changed,
    backup: null,
    import: candidates
      ? {
          servers_file: options.serversFile,
          servers_backup: null,
          moved,
          kept: [...candidates.kept, ...(merge?.conflicts ?? []), ...layout.elsewhere],
          dropped_keys: pick(candidates.dropped, moved),
          notes: pick(candidates.notes, moved),
        }
      : null,
  };
  if (!options.write) return report;

  const now = (options.now ?? (() => new Date()))();
  // Backups before any write; servers.json before the client file, so a failure in between loses no server.
  if (changed && text !== undefined) report.backup = await backupFile(options.file, now);
  if (merge?.changed) {
    if (merge.existed && report.import) report.import.servers_backup = await backupFile(options.serversFile, now);
    await writeConfigAtomic(options.serversFile, merge.text, 0o600);
  }
  // A file holding the token itself is the owner's alone, whatever mode it had.
  if (changed) await writeConfigAtomic(options.file, newText, 0o644, { private: report.token === 'literal' });
  report.written = true;
  return report;
}

interface ImportCandidates {
  entries: Record<string, Record<string, unknown>>;
  /** The path of the map each entry came from. */
  sources: Record<string, string[]>;
  kept: { name: string; reason: string }[];
  dropped: Record<string, string[]>;
  notes: Record<string, string[]>;
}

async function sortImports(layout: ClientServers, options: SetupClientOptions): Promise<ImportCandidates> {
  const candidates: ImportCandidates = { entries: {}, sources: {}, kept: [], dropped: {}, notes: {} };
  for (const map of layout.maps) await sortMap(map, candidates, options);
  return candidates;
}

async function sortMap(map: ServerMap, candidates: ImportCandidates, options: SetupClientOptions): Promise<void> {
  const servers = map.servers;
  const folder = path.dirname(options.file);
  // `${workspaceFolder}` means the folder holding `.vscode/` or `.cursor/`; user files have no workspace.
  const workspaceFolder =
    options.scope === 'project'
      ? ['.vscode', '.cursor'].includes(path.basename(folder))
        ? path.dirname(folder)
        : folder
      : undefined;
  for (const [name, raw] of Object.entries(servers)) {
    if (name === TOOLGATE_ENTRY_NAME) continue;
    // hasOwn: a server may be named like an Object method ("constructor").
    const first = Object.hasOwn(candidates.sources, name)
      ? candidates.sources[name]
      : candidates.kept.find((kept) => kept.name === name);
    if (first) {
      candidates.kept.push({
        name,
        reason: `the client starts the entry of the same name ${Array.isArray(first) ? `at ${first.join('.')}` : 'listed before'} instead; remove this one by hand`,
      });
      continue;
    }
    if (!SERVER_NAME_PATTERN.test(name)) {
      candidates.kept.push({
        name,
        reason: `toolgate refuses server names that do not match ${SERVER_NAME_PATTERN.source}; rename it in this file and import again`,
      });
      continue;
    }
    const converted = toToolgateEntry(raw, {
      name,
      client: options.client,
      homeDir: options.homeDir,
      ...(workspaceFolder ? { workspaceFolder } : {}),
    });
    if (!converted.ok) {
      candidates.kept.push({ name, reason: converted.reason });
      continue;
    }
    const selfLaunch = await launchesToolgate(name, converted.entry, options);
    if (selfLaunch) {
      candidates.kept.push({ name, reason: `it launches toolgate itself (${selfLaunch})` });
      continue;
    }
    candidates.entries[name] = converted.entry;
    candidates.sources[name] = map.path;
    if (converted.dropped.length > 0) candidates.dropped[name] = converted.dropped;
    if (converted.notes.length > 0) candidates.notes[name] = converted.notes;
  }
}

async function launchesToolgate(
  name: string,
  entry: Record<string, unknown>,
  options: SetupClientOptions,
): Promise<string | undefined> {
  const parsed = parseEntry(entry);
  if (!parsed.ok || parsed.kind !== 'stdio') return undefined;
  const stdio = {
    name,
    source: options.file,
    transport: 'stdio' as const,
    command: parsed.entry.command,
    args: parsed.entry.args ?? [],
    env: {},
  };
  return detectSelfLaunch(stdio, {
    selfScripts: options.selfScripts,
    baseDir: parsed.entry.cwd ?? path.dirname(options.file),
    homeDir: options.homeDir,
  });
}

function editClientFile(
  profile: ClientProfile,
  text: string | undefined,
  file: string,
  entry: Record<string, unknown>,
  edit: { removals: readonly string[][]; entryPath: string[] },
): string {
  const remove = edit.removals.map((removal) => removal[removal.length - 1]!);
  if (profile.syntax === 'toml') {
    const current = (parseTomlConfig(text ?? '', file)[profile.serversKey] as Record<string, unknown> | undefined)?.[
      TOOLGATE_ENTRY_NAME
    ];
    const set = isDeepStrictEqual(current, entry) ? {} : { set: { name: TOOLGATE_ENTRY_NAME, entry } };
    return editTomlServers(text ?? '', file, { table: profile.serversKey, ...set, remove });
  }
  let next = text ?? '';
  if (text === undefined)
    for (const [key, value] of Object.entries(profile.newFileKeys ?? {})) next = editJsonProperty(next, [key], value);
  for (const removal of edit.removals) next = editJsonProperty(next, removal, undefined);
  // Setting an equal value would still re-print it; leave the file alone when the entry is already right.
  const current = text === undefined ? undefined : valueAt(parseJsonConfig(next, file), edit.entryPath);
  if (!isDeepStrictEqual(current, entry)) next = editJsonProperty(next, edit.entryPath, entry);
  return text === undefined && !next.endsWith('\n') ? `${next}\n` : next;
}

function snippetOf(profile: ClientProfile, entry: Record<string, unknown>): string {
  if (profile.syntax === 'toml') return tomlTableText(profile.serversKey, TOOLGATE_ENTRY_NAME, entry);
  return JSON.stringify({ [profile.serversKey]: { [TOOLGATE_ENTRY_NAME]: entry } }, null, 2);
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((value, key) => (isRecord(value) ? value[key] : undefined), root);
}

function pick(dropped: Record<string, string[]>, names: readonly string[]): Record<string, string[]> {
  return Object.fromEntries(Object.entries(dropped).filter(([name]) => names.includes(name)));
}
