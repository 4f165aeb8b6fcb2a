// Runs every doctor check over inputs given by the caller (so tests can point it anywhere) and reports.
import { discoverServers } from '../config/discover.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadScopedSecrets, PROJECT_SECRETS_PATH } from '../secrets/scoped-secrets.js';
import type { ToolgatePaths } from '../config/paths.js';
import { readLockOwner } from '../lock/singleton-lock.js';
import { loadTokenCounter, type TokenCounter } from '../policy/token-counter.js';
import { isProcessAlive } from '../storage/proc-stat.js';
import { checkAuthToken } from './checks/auth-token.js';
import { checkConfigFiles } from './checks/config-files.js';
import { checkHomeFiles } from './checks/home-files.js';
import { checkProjectTrust } from './checks/project-trust.js';
import type { UntrustedConfigFile } from '../config/server-entry.js';
import type { ProjectTrust } from '../trust/trust-list.js';
import { checkHttpService } from './checks/http-service.js';
import { checkLockState } from './checks/lock-state.js';
import { checkManifest } from './checks/manifest-file.js';
import { checkNodeVersion } from './checks/node-version.js';
import { checkAuditLog, checkGovernance } from './checks/governance.js';
import { checkPolicy } from './checks/policy-files.js';
import { checkSecretNames } from './checks/secret-names.js';
import { checkSecretsFile } from './checks/secrets-file.js';
import { checkServerCommands } from './checks/server-commands.js';
import { checkRunningServers } from './checks/running-servers.js';
import { checkSurfaceTokens } from './checks/surface-tokens.js';
import { checkToolNames } from './checks/tool-names.js';
import { check, type CheckResult, type DoctorReport } from './doctor-check.js';
import type { ExposedSurface } from './exposed-surface.js';

export interface DoctorOptions {
  env: Record<string, string | undefined>;
  cwd: string;
  homeDir: string;
  paths: ToolgatePaths;
  /** process.versions.node of the Node that runs toolgate. */
  nodeVersion: string;
  /** The policy files in order; may throw (an explicit --policy that does not exist), which fails the check. */
  policyFiles: () => readonly string[];
  /** --config / TOOLGATE_CONFIG. */
  explicitConfig?: string;
  /** toolgate's own entry scripts, so an entry launching toolgate is reported as skipped. */
  selfScripts?: string[];
  /** What clients are shown; without it the name and token checks say they were not run. */
  surface?: ExposedSurface;
  /** Why the surface could not be listed, shown in place of those checks. */
  surfaceProblem?: string;
  /** Default: the o200k tokenizer (a 4-characters estimate when it cannot load). */
  tokenCounter?: () => Promise<TokenCounter>;
  /** Default: the manifest shipped with toolgate. */
  manifestFile?: string;
  /** Limit of the HTTP probe; default 1.5 s. */
  probeTimeoutMs?: number;
  /** The project files the user trusted; default none (then every project file is reported untrusted). */
  trust?: ProjectTrust;
  /** Project files other than `.mcp.json` (policy, secrets) that are not used until trusted. */
  untrustedFiles?: readonly UntrustedConfigFile[];
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  // Stored secrets fill `${VAR}` templates, as in the gateway: a server they complete is not reported disabled.
  const secrets = await loadScopedSecrets(options.paths.secretsFile, options.cwd, {
    env: options.env,
    ...(options.trust ? { trust: options.trust } : {}),
  });
  const config = await discoverServers({
    secretsFor: secrets.forScope,
    ...(options.trust ? { trust: options.trust } : {}),
    cwd: options.cwd,
    homeDir: options.homeDir,
    paths: options.paths,
    env: options.env,
    selfScripts: options.selfScripts ?? [],
    ...(options.explicitConfig ? { explicitConfig: options.explicitConfig } : {}),
  });
  const groups = await Promise.all([
    [checkNodeVersion(options.nodeVersion)],
    checkConfigFiles(config, options.paths.serversFile),
    checkProjectTrust([...(config.untrusted ?? []), ...(options.untrustedFiles ?? [])]),
    checkHomeFiles(options.paths),
    checkServerCommands(config.servers.values(), options.env),
    checkPolicy(options.policyFiles).then((result) => [result]),
    checkGovernance(options.policyFiles),
    checkAuditLog(options.paths.auditDir).then((result) => [result]),
    checkManifest(options.manifestFile).then((result) => [result]),
    checkSecretsFile(options.paths.secretsFile, process.platform, { env: options.env }).then((result) => [result]),
    checkProjectSecrets(path.join(options.cwd, PROJECT_SECRETS_PATH), options.env),
    checkSecretNames(options.paths.secretsFile, 'user', { env: options.env }),
    checkSecretNames(path.join(options.cwd, PROJECT_SECRETS_PATH), 'project', { env: options.env }),
    checkLockState(options.paths.lockDir).then((result) => [result]),
    checkRunningServers(options.paths.lockDir),
    runningServiceUrl(options.paths.lockDir)
      .then((url) => checkHttpService(options.env, options.probeTimeoutMs, url))
      .then((result) => [result]),
    [checkAuthToken(options.env)],
    surfaceChecks(options),
  ]);
  const checks = groups.flat();
  return { ok: checks.every((result) => result.status !== 'fail'), checks };
}

/** A project's secrets file, checked like the user's when there is one. */
async function checkProjectSecrets(file: string, env: Record<string, string | undefined>): Promise<CheckResult[]> {
  if (!existsSync(file)) return [];
  return [await checkSecretsFile(file, process.platform, { env })];
}

/** The URL of the HTTP service a live gateway serves now, from its lock note. */
async function runningServiceUrl(lockDir: string): Promise<string | undefined> {
  const owner = await readLockOwner(lockDir);
  return owner?.url !== undefined && isProcessAlive(owner.pid) ? owner.url : undefined;
}

async function surfaceChecks(options: DoctorOptions): Promise<CheckResult[]> {
  if (!options.surface) {
    const why = options.surfaceProblem ?? 'the exposed tool list was not given';
    const fix = options.surfaceProblem
      ? 'Report this with `toolgate logs` output; it is a bug in toolgate.'
      : 'Run doctor from the toolgate CLI, which lists the exposed tools.';
    return [
      check('tool-names', 'warn', `${why}; names not checked`, { fix }),
      check('surface-tokens', 'warn', `${why}; tokens not counted`, { fix }),
    ];
  }
  const counter = await (options.tokenCounter ?? loadTokenCounter)();
  return [...checkToolNames(options.surface), checkSurfaceTokens(options.surface, counter)];
}
