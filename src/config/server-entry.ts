// The normalized shape of one downstream server, whatever config file it came from.

/** SPEC: server names are kept as configured when they fit this; any other name is refused. */
export const SERVER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** The meta-tools' namespace: policy rules name them `gateway::<tool>`, so a server of that name would share their rules. */
export const RESERVED_SERVER_NAME = 'gateway';

/** Compared without case: policy globs and users alike read `Gateway` as `gateway`. */
export function isReservedServerName(name: string): boolean {
  return name.toLowerCase() === RESERVED_SERVER_NAME;
}

export const RESERVED_NAME_PROBLEM = `the name "${RESERVED_SERVER_NAME}" is reserved for toolgate's own meta-tools (policy rules name them ${RESERVED_SERVER_NAME}::<tool>)`;

/** `project`: from a project `.mcp.json` (trusted by the user); it gets the project's stored secrets only. */
export type EntryScope = 'user' | 'project';

export interface ServerEntryBase {
  name: string;
  /** Absolute path of the file the entry came from (or `--config`). */
  source: string;
  /** Absent means `user`. */
  scope?: EntryScope;
  /** Optional human description (from the entry's `description` key), used by the catalog. */
  description?: string;
  /** `timeout_ms`: default idle timeout of a call to this server (a call's own timeout_ms wins; policy max_ms caps both). */
  timeoutMs?: number;
  /** `startup_timeout_ms`: how long the server gets to answer initialize. */
  startupTimeoutMs?: number;
  /** `idle_shutdown_ms`: stop the server after this long without calls (0 = never); overrides the gateway default. */
  idleShutdownMs?: number;
  /** Values of `${VAR}` references in any field that the credential rule (credential-names.ts) takes for credentials: redacted wherever they show. */
  interpolatedSecrets?: string[];
  /** Variables the raw entry declares (`${VAR}` anywhere, env keys): the only ones auth_connect may store for it. */
  variables?: string[];
}

export interface StdioServerEntry extends ServerEntryBase {
  transport: 'stdio';
  command: string;
  args: string[];
  /** Only the entry's own env (interpolated); the pool adds the safe defaults and secrets. */
  env: Record<string, string>;
  cwd?: string;
}

export interface RemoteServerEntry extends ServerEntryBase {
  transport: 'http' | 'sse';
  url: string;
  headers: Record<string, string>;
}

export type ServerEntry = StdioServerEntry | RemoteServerEntry;

/** A configured server that cannot be used; shown by health/doctor, never fatal to the gateway. */
export interface DisabledServer {
  name: string;
  source: string;
  /** Names file, server and field, and what to do. */
  error: string;
  /** As on ServerEntryBase: a server disabled for a missing `${VAR}` still says which it reads. */
  variables?: string[];
}

/** A problem with a whole config file (unreadable, malformed JSON, wrong top-level shape). */
export interface ConfigProblem {
  file: string;
  message: string;
}

export type ConfigSourceRole = 'explicit' | 'project' | 'toolgate' | 'user' | 'claude-user';

export interface ConfigSourceFile {
  path: string;
  role: ConfigSourceRole;
  /** false when the file does not exist. */
  found: boolean;
  /** Number of servers this file contributed before overriding. */
  servers: number;
}

export interface DiscoveredConfig {
  /** Usable servers, by name; a closer source has already overridden a farther one. */
  servers: Map<string, ServerEntry>;
  disabled: DisabledServer[];
  /** Entries skipped on purpose, such as one that launches toolgate itself. */
  skipped: { name: string; source: string; reason: string }[];
  problems: ConfigProblem[];
  files: ConfigSourceFile[];
  /** Project files found but not used because the user has not trusted them as they are now; absent: none. */
  untrusted?: UntrustedConfigFile[];
}

export interface UntrustedConfigFile {
  file: string;
  /** `changed`: trusted once, edited since. */
  verdict: 'untrusted' | 'changed';
  /** The servers it would have added. */
  servers: string[];
  /** The folder toolgate ran in: `toolgate trust <folder>` trusts it. */
  folder: string;
}

/** Two entries are the same server when everything that affects the connection is equal. */
export function sameServerEntry(a: ServerEntry, b: ServerEntry): boolean {
  const strip = (entry: ServerEntry) => ({ ...entry, source: undefined, description: undefined });
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}
