#!/usr/bin/env node
// The toolgate binary: a thin flag table over the programmatic API. Exit codes: 0 ok, 1 failure, 2 usage.
import { SdkErrorCode, SdkError } from '@modelcontextprotocol/server';
import { Command, CommanderError } from 'commander';
import { toolgateVersion } from '../app/version.js';
import { isGatewayError } from '../errors/index.js';
import { hintForTerminal } from './cli-hints.js';
import { EXIT_FAILURE, EXIT_USAGE } from './cli-output.js';
import { COMMANDS } from './commands/index.js';

function buildProgram(): Command {
  const program = new Command('toolgate')
    .description('One MCP server that stands in for many: search, describe and invoke every downstream tool.')
    .version(toolgateVersion())
    // Root options (--version) only before the command, so `update --version V` is the command's own flag.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: (text) => process.stderr.write(text) });
  for (const register of COMMANDS) register(program);
  return program;
}

async function main(): Promise<void> {
  // `toolgate manifest list | head`: a reader that stops early is not an error; stop quietly, like other CLIs.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode =
        error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : EXIT_USAGE;
      return;
    }
    if (isGatewayError(error)) {
      console.error(`toolgate: ${error.message}`);
      if (error.hint) console.error(`  what to do: ${hintForTerminal(error.hint)}`);
      process.exitCode = error.code === 'USAGE' ? EXIT_USAGE : EXIT_FAILURE;
      return;
    }
    if (error instanceof SdkError && error.code === SdkErrorCode.RequestTimeout) {
      console.error(`toolgate: no answer in time (${error.message}).`);
      console.error(
        '  what to do: give the call more time with --timeout <ms> (call), or check the server with `toolgate status`.',
      );
      process.exitCode = EXIT_FAILURE;
      return;
    }
    console.error('toolgate: unexpected error:', error);
    process.exitCode = EXIT_FAILURE;
  }
}

void main();
