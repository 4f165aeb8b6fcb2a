// Writes servers and a policy into the sandbox's TOOLGATE_HOME (the user's own, trusted configuration).
import fs from 'node:fs';
import path from 'node:path';
import type { Sandbox } from './gateway-process.js';

export function writeUserServers(sandbox: Sandbox, servers: Record<string, unknown>, policy?: string): void {
  fs.mkdirSync(sandbox.toolgateHome, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(sandbox.toolgateHome, 'servers.json'), JSON.stringify({ mcpServers: servers }, null, 2), {
    mode: 0o600,
  });
  if (policy !== undefined) fs.writeFileSync(path.join(sandbox.toolgateHome, 'policy.yaml'), policy, { mode: 0o600 });
}
