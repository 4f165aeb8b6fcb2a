// `toolgate wrap [flags] -- <command> [args...]`: one stdio MCP server behind the gates, transparent to its client.
import os from 'node:os';
import { Option, type Command } from 'commander';
import { createWrapApp, WRAP_EXAMPLE } from '../../app/create-wrap-app.js';
import { GatewayError } from '../../errors/index.js';
import type { PolicyMode } from '../../policy/policy-types.js';
import { defaultWrapName, WRAP_NAME_PATTERN, type WrapSettings } from '../../wrap/wrap-settings.js';
import { printJson } from '../cli-output.js';
import { settingOption } from '../setting-option.js';
import { parseIntegerFlag } from '../integer-flag.js';

interface WrapFlags {
  mode?: PolicyMode;
  dryRun?: boolean;
  maxMessageSize?: string;
  timeout?: string;
  verbose?: boolean;
  name?: string;
  policy?: string;
}

export function registerWrap(program: Command): void {
  program
    .command('wrap')
    .description(
      'run one stdio MCP server behind the gates (policy, size, schema, secrets, approval) and the audit log, transparently to its client',
    )
    .argument('[command...]', 'the server command and its arguments, after --')
    .addOption(
      new Option(
        '--mode <mode>',
        "enforce blocks failing calls; monitor lets them through and logs would_block (default: the policy's mode)",
      ).choices(['monitor', 'enforce']),
    )
    .option('--dry-run', 'print the resolved plan as JSON and exit without starting anything')
    .option(
      '--max-message-size <bytes>',
      "largest message in either direction; also the message_size gate of tool calls (default: the policy's gates.max_message_bytes, for tool calls only)",
    )
    .option(
      '--timeout <ms>',
      'answer a tool call the server has not answered after this long with an error, and cancel it',
    )
    .option('--verbose', 'one line per tool call decision on stderr')
    .option(
      '--name <name>',
      "the server's name in tool ids and policy globs (<name>::<tool>); default: the command's basename",
    )
    .addOption(settingOption('policy'))
    // Everything after the command belongs to the server, flags included.
    .passThroughOptions()
    .action(async (command: string[], flags: WrapFlags) => {
      const settings = parseSettings(command, flags);
      const wrap = await createWrapApp({
        settings,
        env: process.env,
        cwd: process.cwd(),
        homeDir: os.homedir(),
        ...(flags.policy === undefined ? {} : { policyPath: flags.policy }),
      });
      if (flags.dryRun) {
        printJson(wrap.plan(new Date()));
        return;
      }
      // A file that could not be opened gives no values to catch: say so, and go on.
      for (const problem of wrap.problems)
        process.stderr.write(`toolgate wrap: ${problem.message.replace(/\s*\n\s*/g, ' ')}\n`);
      const code = await wrap.run({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
      // Our stdin may still be open (the server left first): nothing else is to be done.
      process.exit(code);
    });
}

function parseSettings(command: string[], flags: WrapFlags): WrapSettings {
  const [program, ...args] = command;
  if (program === undefined || program.trim() === '') {
    throw new GatewayError('USAGE', 'toolgate wrap expects the server command after --; received none.', {
      hint: `For example: ${WRAP_EXAMPLE}`,
    });
  }
  if (flags.name !== undefined && !WRAP_NAME_PATTERN.test(flags.name)) {
    throw new GatewayError(
      'USAGE',
      `--name expects letters, digits, ".", "_" or "-" (at most 63, starting with a letter or digit); received "${flags.name.slice(0, 40)}".`,
      {
        hint: 'For example --name memory.',
      },
    );
  }
  return {
    command: program,
    args,
    name: flags.name ?? defaultWrapName(program),
    ...(flags.mode === undefined ? {} : { mode: flags.mode }),
    ...(flags.maxMessageSize === undefined
      ? {}
      : {
          maxMessageBytes: parseIntegerFlag(
            '--max-message-size',
            flags.maxMessageSize,
            1,
            Number.MAX_SAFE_INTEGER,
            'For example --max-message-size 1048576 (1 MiB).',
          ),
        }),
    ...(flags.timeout === undefined
      ? {}
      : {
          timeoutMs: parseIntegerFlag(
            '--timeout',
            flags.timeout,
            1,
            2_147_483_647,
            'For example --timeout 30000 (30 s).',
          ),
        }),
    verbose: flags.verbose === true,
  };
}
