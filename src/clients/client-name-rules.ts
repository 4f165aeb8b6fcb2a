// How each client names an MCP tool for its model, and the limits that name must fit.
import { TOOLGATE_ENTRY_NAME, type ClientId } from './client-ids.js';

export interface ClientNameRule {
  client: ClientId;
  /** The `clientInfo.name` the client is believed to send (decides the `auto` name style). */
  clientInfoName: string;
  /** The name the model sees for `tool` of server `server`, as far as its length and characters go. */
  qualify(server: string, tool: string): string;
  maxLength: number;
  /** Characters the qualified name may use; undefined when the client rewrites other characters itself. */
  pattern?: RegExp;
  /** Where the limit comes from; reported with a failure. */
  basis: string;
}

const FUNCTION_NAME = /^[a-zA-Z0-9_-]+$/;

// Observed limits, from the clients' issue trackers (none is in the MCP spec): model APIs take
// function names of at most 64 characters, and clients prefix the server name. Cursor drops tools
// whose server and tool names together pass 60 characters. The clientInfo names are assumptions.
export const CLIENT_NAME_RULES: readonly ClientNameRule[] = [
  {
    client: 'claude',
    clientInfoName: 'claude-code',
    qualify: (s, t) => `mcp__${s}__${t}`,
    maxLength: 64,
    basis: 'Claude Code sends mcp__<server>__<tool> to the API, which takes at most 64 characters',
  },
  {
    client: 'claude-desktop',
    clientInfoName: 'claude-ai',
    qualify: (_s, t) => t,
    maxLength: 64,
    pattern: FUNCTION_NAME,
    basis: 'Claude Desktop rejects tool names over 64 characters',
  },
  {
    client: 'cursor',
    clientInfoName: 'cursor-vscode',
    qualify: (s, t) => `${s}${t}`,
    maxLength: 60,
    pattern: FUNCTION_NAME,
    basis: 'Cursor filters out tools whose server and tool names together pass 60 characters',
  },
  {
    client: 'vscode',
    clientInfoName: 'Visual Studio Code',
    qualify: (s, t) => `mcp_${s}_${t}`,
    maxLength: 64,
    pattern: FUNCTION_NAME,
    basis: 'VS Code prefixes mcp_<server>_ and models take at most 64 characters',
  },
  {
    client: 'opencode',
    clientInfoName: 'opencode',
    qualify: (s, t) => `${s}_${t}`,
    maxLength: 64,
    pattern: FUNCTION_NAME,
    basis: 'OpenCode names tools <server>_<tool> and models take at most 64 characters',
  },
  {
    client: 'codex',
    clientInfoName: 'codex-mcp-client',
    qualify: (s, t) => `mcp__${s}__${t}`,
    maxLength: 64,
    pattern: FUNCTION_NAME,
    basis: 'Codex names tools mcp__<server>__<tool> and models take at most 64 characters',
  },
];

/** Why `tool` does not fit `rule` under the entry name toolgate's setup writes, or undefined when it fits. */
export function nameProblem(rule: ClientNameRule, tool: string, server = TOOLGATE_ENTRY_NAME): string | undefined {
  const qualified = rule.qualify(server, tool);
  if (qualified.length > rule.maxLength)
    return `${qualified} has ${qualified.length} characters (limit ${rule.maxLength})`;
  if (rule.pattern && !rule.pattern.test(qualified))
    return `${qualified} has characters outside ${rule.pattern.source}`;
  return undefined;
}
