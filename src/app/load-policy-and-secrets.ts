// One loader of what the gates judge by, for the gateway and wrap alike: the policy, the stored secrets, the values to redact.
import type { ServerEntry } from '../config/server-entry.js';
import { loadPolicy } from '../policy/load-policy.js';
import type { Policy } from '../policy/policy-types.js';
import { collectKnownSecrets, secretLookingValues } from './known-secrets.js';
import { loadProjectConfig, type ProjectConfig, type ProjectConfigOptions } from './project-config.js';

export interface KnownSecretSources {
  /** Config entries: their credential-named values, `${VAR}` credentials and URL credentials. */
  entries?: Iterable<ServerEntry>;
  /** An environment a server inherits (wrap's): its credential-named values. */
  env?: Record<string, string | undefined>;
}

export interface PolicyAndSecrets {
  /** Trust, the policy files that apply, the stored secrets (user and trusted project), and file problems. */
  project: ProjectConfig;
  policy: Policy;
  /** Every exact credential value redaction must catch: the stored secrets' and those of `sources`. */
  knownSecrets(sources?: KnownSecretSources): string[];
}

/** Reads the trust list, the policy files (a policy that does not parse throws) and the secrets files. */
export async function loadPolicyAndSecrets(options: ProjectConfigOptions): Promise<PolicyAndSecrets> {
  const project = await loadProjectConfig(options);
  const policy = await loadPolicy(project.policyFiles, {
    userFile: options.paths.policyFile,
    ownedFiles: project.ownedPolicyFiles,
  });
  return {
    project,
    policy,
    knownSecrets: ({ entries = [], env = {} } = {}) =>
      collectKnownSecrets(entries, [...secretLookingValues(env), ...project.secrets.store.values()]),
  };
}
