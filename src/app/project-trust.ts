// `toolgate trust`: record, list and revoke the user's consent to a project's files, each by path and sha256.
import fs from 'node:fs/promises';
import path from 'node:path';
import { DirectoryToolCache } from '../catalog/tool-cache.js';
import { listConfigSources } from '../config/config-sources.js';
import { parseConfigText } from '../config/parse-config-file.js';
import type { ToolgatePaths } from '../config/paths.js';
import { PROJECT_SECRETS_PATH } from '../secrets/scoped-secrets.js';
import { checkFileOwnership } from '../storage/file-ownership.js';
import { contentHash, editTrustList, loadTrustList, type TrustRecord } from '../trust/trust-list.js';
import { inspectProjectPolicy } from './policy-files.js';

export type ProjectFileKind = 'config' | 'policy' | 'secrets';

export interface ProjectTrustOptions {
  paths: ToolgatePaths;
  homeDir: string;
}

export interface TrustedFile {
  file: string;
  kind: ProjectFileKind;
  sha256: string;
  /** For a `.mcp.json`: what each server runs, so the user sees what they agreed to. */
  servers: { name: string; runs: string }[];
  /** `${VAR}` names the file reads from toolgate's environment once trusted. */
  variables: string[];
}

export interface TrustOutcome {
  folder: string;
  trusted: TrustedFile[];
  /** Files found but not trusted: another account's, or writable by others. */
  refused: { file: string; problem: string }[];
}

/** Every project file toolgate would read when run in `folder`: `.mcp.json` files upward, the nearest project policy, the folder's secrets. */
export async function findProjectFiles(
  folder: string,
  options: ProjectTrustOptions,
): Promise<{ file: string; kind: ProjectFileKind }[]> {
  const sources = await listConfigSources({
    cwd: folder,
    homeDir: options.homeDir,
    serversFile: options.paths.serversFile,
  });
  const found: { file: string; kind: ProjectFileKind }[] = [];
  for (const source of sources)
    if (source.role === 'project' && (await exists(source.path))) found.push({ file: source.path, kind: 'config' });
  const policy = inspectProjectPolicy({ userPolicy: options.paths.policyFile, cwd: folder });
  if (policy !== undefined) found.push({ file: policy.file, kind: 'policy' });
  const secrets = path.join(folder, PROJECT_SECRETS_PATH);
  if (await exists(secrets)) found.push({ file: secrets, kind: 'secrets' });
  return found;
}

/**
 * Trusts the project files of `folder` as they are now; the folder's earlier records are replaced. A file
 * above `folder` must be the user's own and writable by nobody else, or it is refused (and reported).
 */
export async function trustProject(folder: string, options: ProjectTrustOptions): Promise<TrustOutcome> {
  const resolved = path.resolve(folder);
  const outcome: TrustOutcome = { folder: resolved, trusted: [], refused: [] };
  for (const { file, kind } of await findProjectFiles(resolved, options)) {
    const problem = await checkFileOwnership(file);
    if (problem !== undefined) {
      outcome.refused.push({ file, problem });
      continue;
    }
    const text = await fs.readFile(file, 'utf8');
    outcome.trusted.push({ file, kind, sha256: contentHash(text), ...describeContent(kind, text, file) });
  }
  const now = new Date().toISOString();
  await editTrustList(options.paths.trustFile, (records) => [
    ...records.filter((record) => record.folder !== resolved),
    ...outcome.trusted.map((trusted): TrustRecord => ({
      folder: resolved,
      file: trusted.file,
      sha256: trusted.sha256,
      trusted_at: now,
    })),
  ]);
  return outcome;
}

export interface RevokeOutcome {
  revoked: TrustRecord[];
  /** Cached tool lists of the revoked files' servers, deleted. */
  droppedToolLists: number;
}

/** Forgets every record of `folder`, and the cached tool lists of servers from files no record trusts any more. */
export async function revokeProject(folder: string, options: ProjectTrustOptions): Promise<RevokeOutcome> {
  const resolved = path.resolve(folder);
  let revoked: TrustRecord[] = [];
  const kept = await editTrustList(options.paths.trustFile, (records) => {
    revoked = records.filter((record) => record.folder === resolved);
    return records.filter((record) => record.folder !== resolved);
  });
  const gone = [...new Set(revoked.map((record) => record.file))].filter(
    (file) => !kept.some((record) => record.file === file),
  );
  const droppedToolLists =
    gone.length === 0 ? 0 : await new DirectoryToolCache(options.paths.toolCacheDir).dropSources(gone);
  return { revoked, droppedToolLists };
}

export async function listTrustedProjects(
  options: ProjectTrustOptions,
): Promise<{ trusted: readonly TrustRecord[]; problem?: string }> {
  const loaded = await loadTrustList(options.paths.trustFile);
  return { trusted: loaded.trust.records, ...(loaded.problem === undefined ? {} : { problem: loaded.problem }) };
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)/g;

function describeContent(
  kind: ProjectFileKind,
  text: string,
  file: string,
): Pick<TrustedFile, 'servers' | 'variables'> {
  if (kind !== 'config') return { servers: [], variables: [] };
  const variables = [...new Set([...text.matchAll(VARIABLE)].map((match) => match[1]!))].sort();
  const parsed = parseConfigText(text, file);
  const servers = parsed.ok ? parsed.entries.map(([name, raw]) => ({ name, runs: describeEntry(raw) })) : [];
  return { servers, variables };
}

function describeEntry(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) return '(not an entry)';
  const entry = raw as { command?: unknown; args?: unknown; url?: unknown };
  if (typeof entry.url === 'string') return entry.url;
  const args = Array.isArray(entry.args) ? entry.args.map(String) : [];
  return [String(entry.command ?? '(no command)'), ...args].join(' ');
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}
