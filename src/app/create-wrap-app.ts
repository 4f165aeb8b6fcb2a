// The composition of one `toolgate wrap`: paths, policy and secrets (as the gateway loads them), the command, the server's environment.
import type { Readable, Writable } from 'node:stream';
import { AUTH_TOKEN_VARIABLE } from '../clients/client-ids.js';
import { resolvePaths } from '../config/paths.js';
import { findExecutable } from '../doctor/find-executable.js';
import { GatewayError } from '../errors/index.js';
import { SECRETS_PASSPHRASE_ENV } from '../secrets/secrets-key.js';
import { settingsFromEnv } from '../settings/parse-settings.js';
import { runWrap } from '../wrap/run-wrap.js';
import { createServerEnv } from '../wrap/server-env.js';
import { describeWrapPlan, type WrapSettings } from '../wrap/wrap-settings.js';
import { loadPolicyAndSecrets } from './load-policy-and-secrets.js';

export const WRAP_EXAMPLE = 'toolgate wrap --mode monitor -- npx -y @modelcontextprotocol/server-memory';

/** toolgate's own credentials, withheld from the wrapped server's environment. */
const TOOLGATE_ONLY_VARIABLES = [SECRETS_PASSPHRASE_ENV, AUTH_TOKEN_VARIABLE];

export interface WrapAppOptions {
  settings: WrapSettings;
  env: NodeJS.ProcessEnv;
  cwd: string;
  homeDir: string;
  /** --policy; falls back to TOOLGATE_POLICY. */
  policyPath?: string;
}

export interface WrapApp {
  /** The resolved plan that `--dry-run` prints. */
  plan(now: Date): Record<string, unknown>;
  /** Files that could not be used (e.g. a secrets file and a wrong TOOLGATE_SECRETS_PASSPHRASE): wrap goes on without them. */
  problems: { file: string; message: string }[];
  /** Starts the server behind the gates; resolves with the exit code `toolgate wrap` ends with. */
  run(io: { stdin: Readable; stdout: Writable; stderr: Writable }): Promise<number>;
}

/** Reads the policy (a project's once trusted, as in the gateway) and finds the command; starts nothing. */
export async function createWrapApp(options: WrapAppOptions): Promise<WrapApp> {
  const { settings, env, cwd } = options;
  const paths = resolvePaths(env, options.homeDir);
  const explicitPolicy = options.policyPath ?? settingsFromEnv(env).policy;
  const loaded = await loadPolicyAndSecrets({
    paths,
    cwd,
    env,
    ...(explicitPolicy === undefined ? {} : { explicitPolicy }),
  });
  const resolvedCommand = await findExecutable(settings.command, { env });
  if (resolvedCommand === undefined) {
    throw new GatewayError(
      'USAGE',
      `The command "${settings.command}" was not found${settings.command.includes('/') ? ' (or is not executable)' : ' on PATH'}.`,
      {
        hint: `Install it, or give its full path after --, e.g. ${WRAP_EXAMPLE}`,
      },
    );
  }
  return {
    plan: (now) => describeWrapPlan(settings, loaded.policy, { resolvedCommand, auditDir: paths.auditDir, now }),
    problems: [...loaded.project.secrets.problems, ...loaded.project.problems],
    run: (io) =>
      runWrap({
        settings,
        policy: loaded.policy,
        auditDir: paths.auditDir,
        env: createServerEnv(env, TOOLGATE_ONLY_VARIABLES),
        cwd,
        // The credentials the server may echo: this environment's (the server inherits most of it) and the stored ones.
        knownSecrets: loaded.knownSecrets({ env }),
        ...io,
      }),
  };
}
