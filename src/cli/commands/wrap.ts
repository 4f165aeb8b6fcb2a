// `toolgate wrap [flags] -- <command> [args...]`: one stdio MCP server behind the gates, transparent to its client.
import os from 'node:os';
import { Option, type Command } from 'commander';
import { secretLookingValues } from '../../app/known-secrets.js';
import { listPolicyFiles } from '../../app/policy-files.js';
import { AUTH_TOKEN_VARIABLE } from '../../clients/client-ids.js';
import { loadScopedSecrets } from '../../secrets/scoped-secrets.js';
import { loadTrustList } from '../../trust/trust-list.js';
import { SECRETS_PASSPHRASE_ENV } from '../../secrets/secrets-key.js';
import { resolvePaths } from '../../config/paths.js';
import { findExecutable } from '../../doctor/find-executable.js';
import { GatewayError } from '../../errors/index.js';
import { loadPolicy } from '../../policy/load-policy.js';
import type { PolicyMode } from '../../policy/policy-types.js';
import { runWrap } from '../../wrap/run-wrap.js';
import { createServerEnv } from '../../wrap/server-env.js';
import { defaultWrapName, describeWrapPlan, WRAP_NAME_PATTERN, type WrapSettings } from '../../wrap/wrap-settings.js';
import { printJson } from '../cli-output.js';
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

const EXAMPLE = 'toolgate wrap --mode monitor -- npx -y @modelcontextprotocol/server-memory';

/** toolgate's own credentials, withheld from the wrapped server's environment. */
const TOOLGATE_ONLY_VARIABLES = [SECRETS_PASSPHRASE_ENV, AUTH_TOKEN_VARIABLE];

export function registerWrap(program: Command): void {
  program
    .command('wrap')
    .description('run one stdio MCP server behind the gates (policy, size, schema, secrets, approval) and the audit log, transparently to its client')
    .argument('[command...]', 'the server command and its arguments, after --')
    .addOption(new Option('--mode <mode>', 'enforce blocks failing calls; monitor lets them through and logs would_block (default: the policy\'s mode)').choices(['monitor', 'enforce']))
    .option('--dry-run', 'print the resolved plan as JSON and exit without starting anything')
    .option('--max-message-size <bytes>', 'largest message in either direction; also the message_size gate of tool calls (default: the policy\'s gates.max_message_bytes, for tool calls only)')
    .option('--timeout <ms>', 'answer a tool call the server has not answered after this long with an error, and cancel it')
    .option('--verbose', 'one line per tool call decision on stderr')
    .option('--name <name>', 'the server\'s name in tool ids and policy globs (<name>::<tool>); default: the command\'s basename')
    .option('--policy <path>', 'an extra policy file, applied after the user and project policies (env TOOLGATE_POLICY)')
    // Everything after the command belongs to the server, flags included.
    .passThroughOptions()
    .action(async (command: string[], flags: WrapFlags) => {
      const settings = parseSettings(command, flags);
      const env = process.env;
      const cwd = process.cwd();
      const paths = resolvePaths(env, os.homedir());
      const explicit = flags.policy ?? env.TOOLGATE_POLICY;
      // A project's policy applies once the user trusted it, as in the gateway.
      const { trust } = await loadTrustList(paths.trustFile);
      const policy = await loadPolicy(listPolicyFiles({ userPolicy: paths.policyFile, cwd, trust, ...(explicit === undefined ? {} : { explicit }) }), { userFile: paths.policyFile });
      const resolvedCommand = await findExecutable(settings.command, { env });
      if (resolvedCommand === undefined) {
        throw new GatewayError('USAGE', `The command "${settings.command}" was not found${settings.command.includes('/') ? ' (or is not executable)' : ' on PATH'}.`, {
          hint: `Install it, or give its full path after --, e.g. ${EXAMPLE}`,
        });
      }
      if (flags.dryRun) {
        printJson(describeWrapPlan(settings, policy, { resolvedCommand, auditDir: paths.auditDir, now: new Date() }));
        return;
      }
      // The credentials the server may echo: this environment's (the server inherits most of it) and the stored ones.
      const stored = await loadScopedSecrets(paths.secretsFile, cwd, { env });
      // A file that could not be opened (e.g. a wrong TOOLGATE_SECRETS_PASSPHRASE) gives no values to catch: say so, and go on.
      for (const problem of stored.problems) process.stderr.write(`toolgate wrap: ${problem.message.replace(/\s*\n\s*/g, ' ')}\n`);
      const knownSecrets = [...new Set([...secretLookingValues(env), ...stored.store.values()])];
      const serverEnv = createServerEnv(env, TOOLGATE_ONLY_VARIABLES);
      const code = await runWrap({ settings, policy, auditDir: paths.auditDir, env: serverEnv, cwd, knownSecrets, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
      // Our stdin may still be open (the server left first): nothing else is to be done.
      process.exit(code);
    });
}

function parseSettings(command: string[], flags: WrapFlags): WrapSettings {
  const [program, ...args] = command;
  if (program === undefined || program.trim() === '') {
    throw new GatewayError('USAGE', 'toolgate wrap expects the server command after --; received none.', { hint: `For example: ${EXAMPLE}` });
  }
  if (flags.name !== undefined && !WRAP_NAME_PATTERN.test(flags.name)) {
    throw new GatewayError('USAGE', `--name expects letters, digits, ".", "_" or "-" (at most 63, starting with a letter or digit); received "${flags.name.slice(0, 40)}".`, {
      hint: 'For example --name memory.',
    });
  }
  return {
    command: program,
    args,
    name: flags.name ?? defaultWrapName(program),
    ...(flags.mode === undefined ? {} : { mode: flags.mode }),
    ...(flags.maxMessageSize === undefined ? {} : { maxMessageBytes: parseIntegerFlag('--max-message-size', flags.maxMessageSize, 1, Number.MAX_SAFE_INTEGER, 'For example --max-message-size 1048576 (1 MiB).') }),
    ...(flags.timeout === undefined ? {} : { timeoutMs: parseIntegerFlag('--timeout', flags.timeout, 1, 2_147_483_647, 'For example --timeout 30000 (30 s).') }),
    verbose: flags.verbose === true,
  };
}
