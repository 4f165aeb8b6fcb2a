// Hints written for a model name meta-tool calls; a person at a terminal gets the matching command instead.

/** `gateway_x {...}` or `gateway.x {...}` calls in a hint, each with its JSON arguments when it has them. */
const CALL = /gateway[._](provision_status|provision|refresh|auth_connect|update_server)\b(?:\s+(\{[^{}]*\}))?/g;

function argsOf(json: string | undefined): Record<string, unknown> {
  if (json === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function commandFor(tool: string, args: Record<string, unknown>): string | undefined {
  const server = typeof args.server === 'string' ? args.server : undefined;
  switch (tool) {
    case 'provision':
      return server ? `toolgate provision ${server}` : 'toolgate provision <server>';
    case 'update_server':
      return server ? `toolgate update ${server}` : 'toolgate update <server>';
    case 'provision_status':
      return `toolgate call gateway.provision_status --args '${JSON.stringify(Object.keys(args).length ? args : { server: '<server>' })}'`;
    case 'refresh':
      return server ? `toolgate refresh --server ${server}` : 'toolgate refresh';
    case 'auth_connect':
      return `toolgate secrets set ${server ?? '<server>'} ${typeof args.name === 'string' ? args.name : '<VAR>'} (the value on standard input)`;
    default:
      return undefined;
  }
}

/** The hint with each meta-tool call that has a CLI command replaced by that command (shown in backquotes). */
export function hintForTerminal(hint: string): string {
  return hint.replace(CALL, (call: string, tool: string, json: string | undefined) => {
    const command = commandFor(tool, argsOf(json));
    return command ? `\`${command}\`` : call;
  });
}
