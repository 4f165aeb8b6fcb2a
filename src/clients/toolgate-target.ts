// What a client entry runs (stdio) or reaches (http), decided once from the install and the environment.
import { reachableHost } from '../config/http-defaults.js';
import { readOrCreateHttpToken } from '../config/http-token.js';
import type { Settings } from '../settings/parse-settings.js';
import { SETTINGS } from '../settings/setting-declarations.js';
import type { ClientId, HttpAuth, SetupMode, SetupScope, ToolgateTarget } from './client-ids.js';

/** Settings a client-started toolgate must share with this one, or it would use another home and lock. */
const PINNED_SETTINGS = ['home', 'lockDir'] as const;

export interface TargetOptions {
  client: ClientId;
  mode: SetupMode;
  /** Absolute path of the running toolgate script (dist/toolgate.js). */
  scriptPath: string;
  /** Absolute path of the running Node (process.execPath). */
  nodePath: string;
  /** True when `toolgate` on PATH is this same install. */
  toolgateOnPath: boolean;
  settings: Pick<Settings, 'home' | 'lockDir' | 'host' | 'port'>;
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
  if (options.mode === 'http')
    return { mode: 'http', url: serviceUrl(options.settings), ...(options.auth ? { auth: options.auth } : {}) };
  const env = Object.fromEntries(
    PINNED_SETTINGS.flatMap((key) =>
      options.settings[key] === undefined ? [] : [[SETTINGS[key].env, options.settings[key]]],
    ),
  );
  if (options.client === 'claude-desktop')
    return { mode: 'stdio', command: options.nodePath, args: [options.scriptPath], env };
  if (options.toolgateOnPath) return { mode: 'stdio', command: 'toolgate', args: [], env };
  return { mode: 'stdio', command: 'node', args: [options.scriptPath], env };
}

/** A port that is not a port number stops here, as it stops `serve --http`. */
export function serviceUrl(settings: Pick<Settings, 'host' | 'port'>): string {
  const host = reachableHost(settings.host);
  const port = settings.port;
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}/mcp`;
}

/**
 * The token an http entry sends. TOOLGATE_AUTH_TOKEN set here: the entry names the variable (never its
 * value). Otherwise the service's generated token (created now if no service made it yet): written as is
 * into a user file, which is then kept private; a project file may be committed, so it names the
 * variable and the user exports it from the token file.
 */
export async function resolveHttpAuth(options: {
  scope: SetupScope;
  settings: Pick<Settings, 'authToken'>;
  home: string;
}): Promise<{ auth: HttpAuth; tokenFile?: string }> {
  if (options.settings.authToken !== undefined) return { auth: { kind: 'variable' } };
  const stored = await readOrCreateHttpToken(options.home);
  if (options.scope === 'project') return { auth: { kind: 'variable' }, tokenFile: stored.file };
  return { auth: { kind: 'literal', token: stored.token, file: stored.file }, tokenFile: stored.file };
}
