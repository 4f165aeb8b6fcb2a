// The MCP clients `toolgate setup` knows, and the words that describe one setup of them.

export const CLIENT_IDS = ['claude', 'claude-desktop', 'cursor', 'vscode', 'opencode', 'codex'] as const;
export type ClientId = (typeof CLIENT_IDS)[number];

/** `stdio`: the client starts toolgate; `http`: the client connects to the shared service. */
export const SETUP_MODES = ['stdio', 'http'] as const;
export type SetupMode = (typeof SETUP_MODES)[number];

/** `user`: the client's file in the home directory; `project`: the one in the working directory. */
export const SETUP_SCOPES = ['user', 'project'] as const;
export type SetupScope = (typeof SETUP_SCOPES)[number];

/** The key toolgate's own entry gets in a client's server list. */
export const TOOLGATE_ENTRY_NAME = 'toolgate';

/** The environment variable an HTTP client entry reads the bearer token from. */
export const AUTH_TOKEN_VARIABLE = 'TOOLGATE_AUTH_TOKEN';

/** What the client entry launches or connects to. */
export type ToolgateTarget =
  | { mode: 'stdio'; command: string; args: string[]; env: Record<string, string> }
  | { mode: 'http'; url: string; auth?: HttpAuth };

/**
 * How an http entry sends `Authorization: Bearer`: from TOOLGATE_AUTH_TOKEN in the client's environment
 * (the entry names the variable), or the service's generated token written into the entry itself.
 */
export type HttpAuth = { kind: 'variable' } | { kind: 'literal'; token: string; file: string };
