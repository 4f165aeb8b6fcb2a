// A server name given on the command line, checked before any engine starts: a malformed one is a usage error (exit 2).
import { SERVER_NAME_PATTERN } from '../config/server-entry.js';
import { GatewayError } from '../errors/index.js';

export function checkServerNameArgument(server: string): void {
  if (SERVER_NAME_PATTERN.test(server)) return;
  throw new GatewayError(
    'USAGE',
    `Expected a server name matching ${SERVER_NAME_PATTERN.source}, received ${JSON.stringify(server.slice(0, 80))}; nothing was run.`,
    {
      hint: 'Use a name from `toolgate manifest list` or `toolgate status`.',
    },
  );
}
