// Doctor: the command of every configured stdio server can be found.
import type { ServerEntry } from '../../config/server-entry.js';
import { check, type CheckResult } from '../doctor-check.js';
import { findExecutable } from '../find-executable.js';

/** How to get the launchers servers are usually started with. */
const INSTALL_HINTS: Record<string, string> = {
  npx: 'Install Node.js (it brings npm and npx): https://nodejs.org',
  npm: 'Install Node.js (it brings npm and npx): https://nodejs.org',
  node: 'Install Node.js: https://nodejs.org',
  uvx: 'Install uv (it brings uvx): https://docs.astral.sh/uv/',
  uv: 'Install uv: https://docs.astral.sh/uv/',
  docker: 'Install Docker (Docker Desktop or docker-ce) and make sure `docker` is on PATH.',
  python: 'Install Python 3 and put it on PATH.',
  python3: 'Install Python 3 and put it on PATH.',
  bunx: 'Install Bun: https://bun.sh',
  deno: 'Install Deno: https://deno.com',
};

export async function checkServerCommands(
  servers: Iterable<ServerEntry>,
  env: Record<string, string | undefined>,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const server of servers) {
    if (server.transport !== 'stdio') continue;
    const found = await findExecutable(server.command, { env });
    if (found) {
      results.push(
        check('server-command', 'ok', `${server.name}: ${server.command} → ${found}`, { subject: server.name }),
      );
      continue;
    }
    const hint =
      INSTALL_HINTS[server.command] ??
      `Install ${server.command}, put its folder on PATH, or give its absolute path in ${server.source}.`;
    results.push(
      check(
        'server-command',
        'fail',
        `${server.name}: the command "${server.command}" was not found ${server.command.includes('/') ? '(no executable file there)' : 'on PATH'}`,
        {
          subject: server.name,
          fix: `${hint} (MCP clients started from a desktop may have a shorter PATH than this shell.)`,
        },
      ),
    );
  }
  return results;
}
