#!/usr/bin/env node
// The toolgate binary: a thin flag table over the programmatic API. Exit codes: 0 ok, 1 failure, 2 usage.
import { Command, CommanderError, Option } from 'commander';
import { toolgateVersion } from '../app/version.js';
import { isGatewayError } from '../errors/index.js';
import { runServe } from './run-serve.js';

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

function buildProgram(): Command {
  const program = new Command('toolgate')
    .description('One MCP server that stands in for many: search, describe and invoke every downstream tool.')
    .version(toolgateVersion())
    .exitOverride()
    .configureOutput({ writeOut: (text) => process.stderr.write(text) });

  program
    .command('serve', { isDefault: true })
    .description('run the gateway as an MCP server on stdio (the default command)')
    .option('--config <path>', 'an extra MCP config file that overrides the discovered ones (env TOOLGATE_CONFIG)')
    .option('--policy <path>', 'an extra policy file, applied after the user and project policies (env TOOLGATE_POLICY)')
    .addOption(new Option('--names <style>', 'meta-tool name style').choices(['auto', 'dot', 'underscore']).default('auto').env('TOOLGATE_NAMES'))
    .addOption(new Option('--exposure <mode>', 'what the client sees').choices(['progressive']).default('progressive').env('TOOLGATE_EXPOSURE'))
    .action((options: { config?: string; policy?: string; names: 'auto' | 'dot' | 'underscore' }) => runServe(options));

  return program;
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : EXIT_USAGE;
      return;
    }
    if (isGatewayError(error)) {
      console.error(`toolgate: ${error.message}`);
      if (error.hint) console.error(`  what to do: ${error.hint}`);
      process.exitCode = error.code === 'USAGE' ? EXIT_USAGE : EXIT_FAILURE;
      return;
    }
    console.error('toolgate: unexpected error:', error);
    process.exitCode = EXIT_FAILURE;
  }
}

void main();
