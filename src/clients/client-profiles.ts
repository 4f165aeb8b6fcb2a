// Each client's file format: where its server list sits and how an entry for toolgate is spelled in it.
import { GatewayError } from '../errors/index.js';
import { AUTH_TOKEN_VARIABLE, type ClientId, type HttpAuth, type ToolgateTarget } from './client-ids.js';

export type ConfigSyntax = 'json' | 'toml';

export interface ClientProfile {
  id: ClientId;
  label: string;
  syntax: ConfigSyntax;
  /** The key of the server map at the top level of the file. */
  serversKey: 'mcpServers' | 'servers' | 'mcp' | 'mcp_servers';
  /** Top-level keys a new file starts with besides the server map (OpenCode's `$schema`). */
  newFileKeys?: Record<string, unknown>;
  /** The entry for toolgate in this client's spelling; throws USAGE for a mode the client cannot use. */
  buildEntry(target: ToolgateTarget): Record<string, unknown>;
}

/** Without a token (a service started with --unsafe-no-token) no header is written: some clients refuse an entry naming an unset variable. */
const bearer = (target: { auth?: HttpAuth }, reference: string) => {
  if (!target.auth) return {};
  return { headers: { Authorization: `Bearer ${target.auth.kind === 'literal' ? target.auth.token : reference}` } };
};
/** Codex names the variable in bearer_token_env_var, and takes a literal header in http_headers. */
const codexBearer = (auth: HttpAuth | undefined) => {
  if (!auth) return {};
  return auth.kind === 'literal'
    ? { http_headers: { Authorization: `Bearer ${auth.token}` } }
    : { bearer_token_env_var: AUTH_TOKEN_VARIABLE };
};
const withEnv = (env: Record<string, string>, key = 'env') => (Object.keys(env).length > 0 ? { [key]: env } : {});

// Variable syntax in headers differs per client: Claude Code expands ${VAR}; Cursor and VS Code ${env:VAR};
// OpenCode {env:VAR}; Codex names the variable in bearer_token_env_var. A literal token is written as is.
export const CLIENT_PROFILES: Record<ClientId, ClientProfile> = {
  claude: {
    id: 'claude',
    label: 'Claude Code',
    syntax: 'json',
    serversKey: 'mcpServers',
    buildEntry: (target) =>
      target.mode === 'stdio'
        ? { type: 'stdio', command: target.command, args: target.args, ...withEnv(target.env) }
        : { type: 'http', url: target.url, ...bearer(target, `\${${AUTH_TOKEN_VARIABLE}}`) },
  },
  'claude-desktop': {
    id: 'claude-desktop',
    label: 'Claude Desktop',
    syntax: 'json',
    serversKey: 'mcpServers',
    buildEntry: (target) => {
      if (target.mode === 'http') {
        // Its config file only starts local servers; remote ones are added as connectors in the app.
        throw new GatewayError(
          'USAGE',
          "Claude Desktop's config file only starts local (stdio) servers; it has no entry for a URL.",
          {
            hint: 'Use --mode stdio: that entry attaches to the shared HTTP service when one is running.',
          },
        );
      }
      return { command: target.command, args: target.args, ...withEnv(target.env) };
    },
  },
  cursor: {
    id: 'cursor',
    label: 'Cursor',
    syntax: 'json',
    serversKey: 'mcpServers',
    buildEntry: (target) =>
      target.mode === 'stdio'
        ? { command: target.command, args: target.args, ...withEnv(target.env) }
        : { url: target.url, ...bearer(target, `\${env:${AUTH_TOKEN_VARIABLE}}`) },
  },
  vscode: {
    id: 'vscode',
    label: 'VS Code',
    syntax: 'json',
    serversKey: 'servers',
    buildEntry: (target) =>
      target.mode === 'stdio'
        ? { type: 'stdio', command: target.command, args: target.args, ...withEnv(target.env) }
        : { type: 'http', url: target.url, ...bearer(target, `\${env:${AUTH_TOKEN_VARIABLE}}`) },
  },
  opencode: {
    id: 'opencode',
    label: 'OpenCode',
    syntax: 'json',
    serversKey: 'mcp',
    newFileKeys: { $schema: 'https://opencode.ai/config.json' },
    buildEntry: (target) =>
      target.mode === 'stdio'
        ? {
            type: 'local',
            command: [target.command, ...target.args],
            enabled: true,
            ...withEnv(target.env, 'environment'),
          }
        : { type: 'remote', url: target.url, enabled: true, ...bearer(target, `{env:${AUTH_TOKEN_VARIABLE}}`) },
  },
  codex: {
    id: 'codex',
    label: 'Codex',
    syntax: 'toml',
    serversKey: 'mcp_servers',
    buildEntry: (target) =>
      target.mode === 'stdio'
        ? { command: target.command, args: target.args, ...withEnv(target.env) }
        : { url: target.url, ...codexBearer(target.auth) },
  },
};
