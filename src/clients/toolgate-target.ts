// What a client entry runs (stdio) or reaches (http), decided once from the install and the environment.
import { DEFAULT_HTTP_HOST, DEFAULT_HTTP_PORT, reachableHost } from '../config/http-defaults.js';
import { readOrCreateHttpToken } from '../config/http-token.js';
import type { ClientId, HttpAuth, SetupMode, SetupScope, ToolgateTarget } from './client-ids.js';

/** Settings a client-started toolgate must share with this one, or it would use another home and lock. */
const PINNED_VARIABLES = ['TOOLGATE_HOME', 'TOOLGATE_LOCK_DIR'] as const;

export interface TargetOptions {
  client: ClientId;
  mode: SetupMode;
  /** Absolute path of the running toolgate script (dist/toolgate.js). */
  scriptPath: string;
  /** Absolute path of the running Node (process.execPath). */
  nodePath: string;
  /** True when `toolgate` on PATH is this same install. */
  toolgateOnPath: boolean;
  env: Record<string, string | undefined>;
  /** http: how the entry sends the token (resolveHttpAuth); absent: no header. */
  auth?: HttpAuth;
}

/**
 * stdio: `toolgate` when PATH has this very install (the entry then survives a move of the checkout's
 * Node); otherwise `node <absolute script>`. Claude Desktop is a GUI app that does not get the shell's
 * PATH, so it gets absolute paths to both Node and the script.
 * http: the loopback URL of the shared service (TOOLGATE_HOST unless it is a wildcard, TOOLGATE_PORT), with
 * the token header `auth` says.
 */
export function resolveToolgateTarget(options: TargetOptions): ToolgateTarget {
  if (options.mode === 'http') return { mode: 'http', url: serviceUrl(options.env), ...(options.auth ? { auth: options.auth } : {}) };
  const env = Object.fromEntries(PINNED_VARIABLES.flatMap((name) => (options.env[name] ? [[name, options.env[name]]] : [])));
  if (options.client === 'claude-desktop') return { mode: 'stdio', command: options.nodePath, args: [options.scriptPath], env };
  if (options.toolgateOnPath) return { mode: 'stdio', command: 'toolgate', args: [], env };
  return { mode: 'stdio', command: 'node', args: [options.scriptPath], env };
}

export function serviceUrl(env: Record<string, string | undefined>): string {
  const host = reachableHost(env.TOOLGATE_HOST?.trim() || DEFAULT_HTTP_HOST);
  const port = env.TOOLGATE_PORT?.trim() || String(DEFAULT_HTTP_PORT);
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}/mcp`;
}

/**
 * The token an http entry sends. TOOLGATE_AUTH_TOKEN set here: the entry names the variable (never its
 * value). Otherwise the service's generated token (created now if no service made it yet): written as is
 * into a user file, which is then kept private; a project file may be committed, so it names the
 * variable and the user exports it from the token file.
 */
export async function resolveHttpAuth(options: { scope: SetupScope; env: Record<string, string | undefined>; home: string }): Promise<{ auth: HttpAuth; tokenFile?: string }> {
  if (options.env.TOOLGATE_AUTH_TOKEN) return { auth: { kind: 'variable' } };
  const stored = await readOrCreateHttpToken(options.home);
  if (options.scope === 'project') return { auth: { kind: 'variable' }, tokenFile: stored.file };
  return { auth: { kind: 'literal', token: stored.token, file: stored.file }, tokenFile: stored.file };
}
