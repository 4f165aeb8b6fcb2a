// Turns one schema-valid config entry into a ServerEntry: interpolation, paths and transport names.
import path from 'node:path';
import { isPathLike, resolveConfigPath } from './config-path.js';
import { REMOTE_TYPES, type RemoteEntryInput, type StdioEntryInput } from './config-file-schema.js';
import { formatFieldPath } from '../errors/index.js';
import { formatEntryError } from './entry-issues.js';
import { interpolatedCredential, type EntryField } from './credential-names.js';
import { interpolate } from './interpolate.js';
import type { EntryScope, RemoteServerEntry, ServerEntry, ServerEntryBase, StdioServerEntry } from './server-entry.js';

export interface NormalizeContext {
  /** Absolute path of the config file; relative paths in it resolve against its folder. */
  file: string;
  /** Default `user`. */
  scope?: EntryScope;
  env: Record<string, string | undefined>;
  homeDir: string;
}

export type NormalizeResult<T extends ServerEntry> = { ok: true; entry: T } | { ok: false; error: string };

export function normalizeStdioEntry(
  name: string,
  input: StdioEntryInput,
  context: NormalizeContext,
): NormalizeResult<StdioServerEntry> {
  const expander = createExpander(context.env);
  const baseDir = path.dirname(context.file);
  const rawCommand = expander.expand(input.command, 'command', 'command');
  const command = isPathLike(rawCommand) ? resolveConfigPath(rawCommand, baseDir, context.homeDir) : rawCommand;
  const args = (input.args ?? []).map((arg, index) => expander.expand(arg, 'args', formatFieldPath(['args', index])));
  const env = expander.expandMap(input.env, 'env');
  const cwd =
    input.cwd === undefined
      ? undefined
      : resolveConfigPath(expander.expand(input.cwd, 'cwd', 'cwd'), baseDir, context.homeDir);
  const missing = expander.report(name, context.file);
  if (missing !== undefined) return { ok: false, error: missing };
  return {
    ok: true,
    entry: {
      ...baseFields(name, input, context),
      transport: 'stdio',
      command,
      args,
      env,
      ...(cwd === undefined ? {} : { cwd }),
      ...expander.secrets(),
    },
  };
}

export function normalizeRemoteEntry(
  name: string,
  input: RemoteEntryInput,
  context: NormalizeContext,
): NormalizeResult<RemoteServerEntry> {
  const expander = createExpander(context.env);
  const url = expander.expand(input.url, 'url', 'url');
  const headers = expander.expandMap(input.headers, 'headers');
  const missing = expander.report(name, context.file);
  if (missing !== undefined) return { ok: false, error: missing };
  const parsed = parseHttpUrl(url);
  if (!parsed.ok) {
    const fix = 'Set "url" to the full http(s) address of the server (for example "https://example.com/mcp").';
    return {
      ok: false,
      error: formatEntryError(name, context.file, `url: expected an http(s) URL, received ${parsed.received}`, fix),
    };
  }
  return {
    ok: true,
    entry: {
      ...baseFields(name, input, context),
      transport: input.type === undefined ? inferTransport(parsed.url) : REMOTE_TYPES[input.type],
      url,
      headers,
      ...expander.secrets(),
    },
  };
}

/** Collects every unset variable so that one message can name them all, and the values the credential rule takes for credentials. */
function createExpander(env: Record<string, string | undefined>) {
  const missing: { variable: string; field: string }[] = [];
  const credentials = new Set<string>();
  const expand = (value: string, kind: EntryField, field: string): string => {
    const result = interpolate(value, env, (name, text) => {
      const credential = interpolatedCredential(name, kind, text);
      if (credential !== undefined) credentials.add(credential);
    });
    if ('value' in result) return result.value;
    missing.push({ variable: result.missing, field });
    return '';
  };
  const expandMap = (map: Record<string, string> | undefined, kind: 'env' | 'headers'): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(map ?? {})) out[key] = expand(value, kind, formatFieldPath([kind, key]));
    return out;
  };
  const secrets = (): { interpolatedSecrets?: string[] } =>
    credentials.size === 0 ? {} : { interpolatedSecrets: [...credentials] };
  const report = (name: string, file: string): string | undefined => {
    if (missing.length === 0) return undefined;
    const list = missing.map(({ variable, field }) => `\${${variable}} (in ${field})`).join(', ');
    const names = [...new Set(missing.map(({ variable }) => variable))];
    const first = names[0] ?? 'VAR';
    const problem = `${list} ${missing.length === 1 ? 'is' : 'are'} not set and ${missing.length === 1 ? 'has' : 'have'} no default`;
    const fix = `Store ${names.length === 1 ? 'it' : 'them'} with gateway_auth_connect or \`toolgate secrets set ${name} ${first}\`, export ${names.join(' and ')} in the environment that starts toolgate, or write \${${first}:-default} in the file.`;
    return formatEntryError(name, file, problem, fix);
  };
  return { expand, expandMap, report, secrets };
}

function parseHttpUrl(value: string): { ok: true; url: URL } | { ok: false; received: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, received: value === '' ? 'an empty string' : 'a string that is not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, received: `a URL with protocol "${url.protocol}"` };
  return { ok: true, url };
}

/** Entries without `type` (Cursor style) follow the common convention that SSE endpoints end in `/sse`. */
function inferTransport(url: URL): 'http' | 'sse' {
  return /\/sse\/?$/.test(url.pathname) ? 'sse' : 'http';
}

/** What every entry carries whatever its transport: its name, the file it came from, its description and lifecycle settings. */
function baseFields(
  name: string,
  input: StdioEntryInput | RemoteEntryInput,
  context: NormalizeContext,
): ServerEntryBase {
  return {
    name,
    source: context.file,
    ...(context.scope === 'project' ? { scope: 'project' as const } : {}),
    ...(input.description === undefined ? {} : { description: input.description }),
    ...(input.timeout_ms === undefined ? {} : { timeoutMs: input.timeout_ms }),
    ...(input.startup_timeout_ms === undefined ? {} : { startupTimeoutMs: input.startup_timeout_ms }),
    ...(input.idle_shutdown_ms === undefined ? {} : { idleShutdownMs: input.idle_shutdown_ms }),
  };
}
