// Flags shared by the commands that run the engine (search, describe, call, refresh, provision, update).
import type { Command } from 'commander';
import type { ServeOptions } from '../run-serve.js';

export interface EngineFlags {
  json?: boolean;
  config?: string;
  policy?: string;
}

export function withEngineFlags(command: Command): Command {
  return command
    .option('--json', 'print the answer as JSON')
    .option('--config <path>', 'an extra MCP config file (only when no gateway is running)')
    .option('--policy <path>', 'an extra policy file (only when no gateway is running)');
}

export function engineOptions(flags: EngineFlags): ServeOptions {
  return { names: 'underscore', ...(flags.config ? { config: flags.config } : {}), ...(flags.policy ? { policy: flags.policy } : {}) };
}
