// What of a project's configuration applies: only the files the user trusted (`toolgate trust`), as they are now.
import type { ToolgatePaths } from '../config/paths.js';
import type { DiscoveredConfig, UntrustedConfigFile } from '../config/server-entry.js';
import { loadScopedSecrets, type ScopedSecrets } from '../secrets/scoped-secrets.js';
import { loadTrustList, type TrustList } from '../trust/trust-list.js';
import { inspectProjectPolicy, listPolicyFiles } from './policy-files.js';

export interface ProjectConfigOptions {
  paths: ToolgatePaths;
  cwd: string;
  env: Record<string, string | undefined>;
  /** --policy / TOOLGATE_POLICY. */
  explicitPolicy?: string;
}

export interface ProjectConfig {
  trust: TrustList;
  /** User, trusted project, explicit. */
  policyFiles: string[];
  /** Policy files another account could have planted or edited: the user's, and a project's above `cwd`. */
  ownedPolicyFiles: string[];
  secrets: ScopedSecrets;
  /** The project's policy and secrets files that are not used until trusted (config files: see discovery). */
  untrusted: UntrustedConfigFile[];
  /** The trust file or a project file could not be used. */
  problems: { file: string; message: string }[];
}

export async function loadProjectConfig(options: ProjectConfigOptions): Promise<ProjectConfig> {
  const { paths, cwd, env } = options;
  const loadedTrust = await loadTrustList(paths.trustFile);
  const trust = loadedTrust.trust;
  const policyOptions = {
    userPolicy: paths.policyFile,
    cwd,
    trust,
    ...(options.explicitPolicy === undefined || options.explicitPolicy === ''
      ? {}
      : { explicit: options.explicitPolicy }),
  };
  const policyFiles = listPolicyFiles(policyOptions);
  const projectPolicy = inspectProjectPolicy(policyOptions);
  const secrets = await loadScopedSecrets(paths.secretsFile, cwd, { env, trust });
  const untrusted: UntrustedConfigFile[] = [];
  const problems: ProjectConfig['problems'] = [];
  if (loadedTrust.problem !== undefined) problems.push({ file: paths.trustFile, message: loadedTrust.problem });
  if (projectPolicy?.verdict === 'unsafe') problems.push({ file: projectPolicy.file, message: projectPolicy.problem });
  else if (projectPolicy !== undefined && projectPolicy.verdict !== 'trusted')
    untrusted.push({ file: projectPolicy.file, verdict: projectPolicy.verdict, servers: [], folder: cwd });
  if (secrets.untrusted !== undefined) untrusted.push({ ...secrets.untrusted, servers: [], folder: cwd });
  return { trust, policyFiles, ownedPolicyFiles: [paths.policyFile], secrets, untrusted, problems };
}

/** Adds the project's untrusted policy and secrets files to those discovery found, for health, status and doctor. */
export function reportUntrusted(config: DiscoveredConfig, project: ProjectConfig): void {
  config.untrusted = [...(config.untrusted ?? []), ...project.untrusted];
}
