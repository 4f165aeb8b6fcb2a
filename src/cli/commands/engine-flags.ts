// Flags shared by the commands that run the engine (search, describe, call, refresh, provision, update).
import fs from 'node:fs';
import type { Command } from 'commander';
import { GatewayError } from '../../errors/index.js';
import { settingOption } from '../setting-option.js';
import type { ServeOptions } from '../../app/serve-options.js';

export interface EngineFlags {
  json?: boolean;
  config?: string;
  policy?: string;
}

export function withEngineFlags(command: Command): Command {
  return command
    .option('--json', 'print the answer as JSON')
    .addOption(settingOption('config', 'an extra MCP config file (only when no gateway is running)'))
    .addOption(settingOption('policy', 'an extra policy file (only when no gateway is running)'));
}

/** A mistyped --config or --policy would otherwise pass unnoticed: the engine reads what it finds. */
export function engineOptions(flags: EngineFlags): ServeOptions {
  for (const [flag, file] of [
    ['--config', flags.config],
    ['--policy', flags.policy],
  ] as const) {
    if (file !== undefined && !fs.existsSync(file)) {
      throw new GatewayError('USAGE', `${flag} names a file that does not exist: ${file}`, {
        hint: `Check the path, or leave ${flag} out.`,
      });
    }
  }
  return {
    names: 'underscore',
    ...(flags.config ? { config: flags.config } : {}),
    ...(flags.policy ? { policy: flags.policy } : {}),
  };
}
