// `toolgate secrets`: per-server credentials in TOOLGATE_HOME/secrets.json (encrypted, mode 0600); values are never printed.
import { countOf } from '../../errors/index.js';
import type { Command } from 'commander';
import { isDeniedSecretName } from '../../secrets/secret-names.js';
import {
  encryptSecretsFile,
  readSecretsFile,
  removeSecret,
  setSecret,
  setSecrets,
} from '../../secrets/secret-store.js';
import { keyFileFor, SECRETS_PASSPHRASE_ENV } from '../../secrets/secrets-key.js';
import { readSecretsStatus } from '../../secrets/secrets-status.js';
import { cliContext } from '../cli-context.js';
import { markFailure, printJson, printLine } from '../cli-output.js';
import { printSecretsStatus } from '../secrets/print-secrets-status.js';
import { readSecretValue } from '../secrets/read-secret-value.js';
import { findVariableReferences } from '../secrets/variable-references.js';
import { checkServerNameArgument } from '../server-name-argument.js';
import { settingOption } from '../setting-option.js';

interface JsonFlag {
  json?: boolean;
}

export function registerSecrets(program: Command): void {
  const secrets = program
    .command('secrets')
    .description(
      `store servers' credentials in TOOLGATE_HOME/secrets.json, encrypted (AES-256-GCM) with secrets.key beside it or ${SECRETS_PASSPHRASE_ENV}, mode 600; values are never printed`,
    );

  secrets
    .command('set <server> <VAR>')
    .description(
      'store VAR for server; the value is read from standard input (a hidden prompt on a terminal), never from the command line',
    )
    .option('--json', 'print { server, name, file } as JSON')
    .action(async (server: string, name: string, flags: JsonFlag) => {
      checkServerNameArgument(server);
      const { paths, env } = cliContext();
      const value = await readSecretValue(`Value of ${name} for ${server} (input hidden): `);
      await setSecret(paths.secretsFile, server, name, value, { env });
      if (flags.json) return printJson({ server, name, file: paths.secretsFile });
      printLine(
        `Stored ${name} for ${server} in ${paths.secretsFile} (encrypted, mode 600). It reaches the server's environment when it next starts.`,
      );
    });

  secrets
    .command('list')
    .description('list the servers and variable names that have stored values (never the values)')
    .option('--json', 'print { file, servers: [{ server, names }] } as JSON')
    .action(async (flags: JsonFlag) => {
      const { paths, env } = cliContext();
      const stored = await readSecretsFile(paths.secretsFile, { env });
      const servers = Object.entries(stored)
        .map(([server, vars]) => ({ server, names: Object.keys(vars).sort() }))
        .sort((a, b) => a.server.localeCompare(b.server));
      if (flags.json) return printJson({ file: paths.secretsFile, servers });
      if (servers.length === 0) return printLine(`No secrets stored in ${paths.secretsFile}.`);
      for (const entry of servers) printLine(`${entry.server}: ${entry.names.join(', ')}`);
    });

  secrets
    .command('rm <server> [VAR]')
    .description("remove one stored variable, or all of the server's (exit 1 when there was nothing to remove)")
    .option('--json', 'print { server, removed } as JSON')
    .action(async (server: string, name: string | undefined, flags: JsonFlag) => {
      checkServerNameArgument(server);
      const { paths, env } = cliContext();
      const removed = await removeSecret(paths.secretsFile, server, name, { env });
      if (removed.length === 0) markFailure();
      if (flags.json) return printJson({ server, removed });
      printLine(
        removed.length > 0
          ? `Removed ${removed.join(', ')} of ${server}.`
          : `Nothing stored for ${server}${name ? ` under ${name}` : ''}; nothing removed.`,
      );
    });

  secrets
    .command('status')
    .description(
      'show whether the secrets file is encrypted, with which key, and how many secrets it holds (exit 1 when it cannot be read)',
    )
    .option(
      '--json',
      'print { file, format, kdf, mode, key_file, key_file_exists, passphrase_set, servers, secrets, problem?, hint? } as JSON',
    )
    .action(async (flags: JsonFlag) => {
      const { paths, env } = cliContext();
      const status = await readSecretsStatus(paths.secretsFile, { env });
      if (status.problem) markFailure();
      if (flags.json) return printJson(status);
      printSecretsStatus(status);
    });

  secrets
    .command('encrypt')
    .description(
      `encrypt the secrets file now (a plain one is otherwise encrypted on its next write); with ${SECRETS_PASSPHRASE_ENV} set, re-encrypts with the passphrase`,
    )
    .option('--json', 'print { file, previous, kdf, key_file, servers, secrets } as JSON')
    .action(async (flags: JsonFlag) => {
      const { paths, env } = cliContext();
      const file = paths.secretsFile;
      const summary = await encryptSecretsFile(file, { env });
      if (flags.json) return printJson({ file, ...summary, key_file: keyFileFor(file) });
      if (summary.previous === 'missing')
        return printLine(
          `No secrets file at ${file}; nothing to encrypt. Secrets stored from now on are written encrypted.`,
        );
      const key =
        summary.kdf === 'scrypt' ? `a key derived from ${SECRETS_PASSPHRASE_ENV}` : `the key file ${keyFileFor(file)}`;
      printLine(
        `${summary.previous === 'plain' ? 'Encrypted' : 'Re-encrypted'} ${file} (${countOf(summary.secrets, 'secret')} for ${countOf(summary.servers, 'server')}) with ${key}.`,
      );
      printLine(
        summary.kdf === 'scrypt'
          ? `Keep the passphrase: without it the secrets cannot be read.`
          : `Keep a backup of ${keyFileFor(file)}, apart from the secrets file: without it the secrets cannot be read.`,
      );
    });

  secrets
    .command('sync')
    .description(
      'check every ${VAR} the configured servers use: set in this environment, stored, or missing (exit 1 if any is missing)',
    )
    .option(
      '--from-env',
      'store the values this environment has for them, so the gateway gets them wherever it is started',
    )
    .option('--json', 'print { variables: [{ server, name, state, file }], stored } as JSON')
    .addOption(settingOption('config', 'also read this config file'))
    .action(async (flags: JsonFlag & { fromEnv?: boolean; config?: string }) => {
      const context = cliContext({ config: flags.config });
      const explicitConfig = context.settings.config;
      const references = await findVariableReferences({
        cwd: context.cwd,
        homeDir: context.homeDir,
        serversFile: context.paths.serversFile,
        ...(explicitConfig ? { explicitConfig } : {}),
      });
      const stored = await readSecretsFile(context.paths.secretsFile, { env: context.env });
      const newlyStored: { server: string; name: string }[] = [];
      if (flags.fromEnv) {
        for (const reference of references) {
          const value = context.env[reference.variable];
          // A loader or interpreter variable (${HOME}, ${PATH}) is read from the environment, never stored.
          if (
            value === undefined ||
            value === '' ||
            isDeniedSecretName(reference.variable) ||
            stored[reference.server]?.[reference.variable] === value
          )
            continue;
          stored[reference.server] = { ...stored[reference.server], [reference.variable]: value };
          newlyStored.push({ server: reference.server, name: reference.variable });
        }
        await setSecrets(
          context.paths.secretsFile,
          newlyStored.map(({ server, name }) => ({ server, name, value: stored[server]?.[name] ?? '' })),
          { env: context.env },
        );
      }
      const variables = references.map((reference) => ({
        server: reference.server,
        name: reference.variable,
        state:
          stored[reference.server]?.[reference.variable] !== undefined
            ? 'stored'
            : context.env[reference.variable]
              ? 'environment'
              : 'missing',
        file: reference.file,
      }));
      if (variables.some((variable) => variable.state === 'missing')) markFailure();
      if (flags.json) return printJson({ variables, stored: newlyStored });
      if (variables.length === 0) return printLine('No configured server uses a ${VAR} without a default.');
      for (const variable of variables)
        printLine(`${variable.state.padEnd(11)}  ${variable.server}: ${variable.name}  (${variable.file})`);
      if (newlyStored.length > 0)
        printLine(
          `Stored ${countOf(newlyStored.length, 'value')} from this environment in ${context.paths.secretsFile}.`,
        );
      if (variables.some((variable) => variable.state === 'missing'))
        printLine('Missing values: export them, or store them with `toolgate secrets set <server> <VAR>`.');
    });
}
