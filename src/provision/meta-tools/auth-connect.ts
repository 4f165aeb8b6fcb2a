// gateway.auth_connect: store one credential of a server (mode 0600, never echoed or logged), then retry the server.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { toGatewayError } from '../../errors/index.js';
import { defineMetaTool, jsonResult } from '../../gateway/meta-tool.js';
import { assertCredentialFor, type DeclaredVariables } from '../../secrets/secret-names.js';
import { addSecret, SECRET_NAME_PATTERN } from '../../secrets/secret-store.js';
import { provisionCall } from '../credentials.js';
import { assertServerName, type Provisioner } from '../provisioner.js';

/** Longer values are refused: no real token is this long, and a pasted file is a mistake. */
export const MAX_SECRET_CHARS = 8_192;

const input = z
  .object({
    server: z.string().max(64),
    // Checks as refinements, not schema keywords: they hold the same and cost no tokens in tools/list.
    name: z
      .string()
      .max(128)
      .refine((name) => SECRET_NAME_PATTERN.test(name), 'expected an env var name (letters, digits, _)')
      .describe('e.g. GITHUB_TOKEN'),
    value: z
      .string()
      .max(MAX_SECRET_CHARS)
      .refine((value) => value.length > 0, 'expected a non-empty value')
      // No environment can hold a NUL: stored, it would fail every start of the server (and Node's error shows the value).
      .refine((value) => !value.includes('\0'), 'expected a value without NUL characters'),
    scope: z.enum(['user', 'project']).optional(),
  })
  .strict();

export interface SecretFiles {
  /** TOOLGATE_HOME/secrets.json */
  user: string;
  /** <project>/.toolgate/secrets.json */
  project: string;
  /** Where TOOLGATE_SECRETS_PASSPHRASE is read (a passphrase-encrypted file needs it). */
  env: Record<string, string | undefined>;
}

/**
 * A project's secrets file and its key sit in the repository's tree: a .gitignore beside them (never
 * overwritten) keeps both out of commits.
 */
async function keepOutOfGit(secretsFile: string): Promise<void> {
  const names = [path.basename(secretsFile), 'secrets.key'];
  await fs
    .writeFile(path.join(path.dirname(secretsFile), '.gitignore'), `${names.join('\n')}\n`, { flag: 'wx' })
    .catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
}

/** What the server's config entry (configured or disabled) and its manifest entry say it reads. */
async function declaredVariables(provisioner: Provisioner, server: string): Promise<DeclaredVariables> {
  const { config } = provisioner.gateway;
  const configured =
    config.servers.get(server)?.variables ?? config.disabled.find((entry) => entry.name === server)?.variables ?? [];
  const manifest = (await provisioner.options.catalog.get(server))?.server.env ?? [];
  return {
    names: new Set([...configured, ...manifest.map((variable) => variable.name)]),
    secret: new Set(manifest.filter((variable) => variable.secret).map((variable) => variable.name)),
  };
}

async function checkName(provisioner: Provisioner, args: { server: string; name: string }): Promise<void> {
  assertServerName(args.server);
  assertCredentialFor(args.server, args.name, await declaredVariables(provisioner, args.server));
}

export function authConnectTool(provisioner: Provisioner, files: SecretFiles) {
  return defineMetaTool({
    name: 'auth_connect',
    description:
      "Store a missing credential the server's entry declares (never echoed; a stored one is not replaced), then retry the server.",
    input,
    changesWhatRuns: true,
    // The stored value is never shown: not in the approval question, not in the audit line.
    publicArguments: (args) => ({ ...args, value: '[REDACTED]' }),
    // Also run before any approval is asked: a name that can never be stored is refused outright.
    check: (args) => checkName(provisioner, args),
    async handle(args) {
      await checkName(provisioner, args);
      const scope = args.scope ?? 'user';
      const file = files[scope];
      await addSecret(file, args.server, args.name, args.value, { env: files.env });
      if (scope === 'project') await keepOutOfGit(file);
      const { gateway } = provisioner.options;
      const answer: Record<string, unknown> = { stored: true, server: args.server, name: args.name, scope, file };
      try {
        // Refresh reloads the secrets (and with them redaction of the new value); a configured server restarts with it.
        const configured = gateway.pool.get(args.server) !== undefined;
        await gateway.refresh(configured ? { server: args.server } : {});
        if (configured) answer.server_state = gateway.pool.get(args.server)?.state;
        else if (await provisioner.options.catalog.get(args.server)) answer.next_call = provisionCall(args.server);
      } catch (error) {
        const failure = toGatewayError(error);
        answer.server_state = 'failed';
        answer.error = { code: failure.code, message: failure.message };
      }
      // Whatever a restarted server said goes through the redactor, which now knows the new value.
      return gateway.policy.filterOutput(jsonResult(answer));
    },
  });
}
