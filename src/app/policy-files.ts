// Which policy files apply: the user's, the nearest project's (once trusted), and an explicit one, in that order.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { GatewayError } from '../errors/index.js';
import { describeUnsafeFile } from '../storage/file-ownership.js';
import { NO_TRUST, type ProjectTrust, type TrustVerdict } from '../trust/trust-list.js';

export const PROJECT_POLICY_PATH = path.join('.toolgate', 'policy.yaml');

export interface PolicyFilesOptions {
  userPolicy: string;
  cwd: string;
  explicit?: string;
  /** Which project files the user trusted; default none, so a project's policy is not used. */
  trust?: ProjectTrust;
}

/** The nearest project policy and why it is or is not used; undefined when there is none. */
export type ProjectPolicyState =
  { file: string; verdict: TrustVerdict } | { file: string; verdict: 'unsafe'; problem: string };

export function listPolicyFiles(options: PolicyFilesOptions): string[] {
  const files = [options.userPolicy];
  const project = inspectProjectPolicy(options);
  if (project?.verdict === 'trusted') files.push(project.file);
  if (options.explicit !== undefined) {
    const explicit = path.resolve(options.cwd, options.explicit);
    if (!existsSync(explicit)) {
      throw new GatewayError(
        'POLICY_INVALID',
        `The policy file ${explicit} (from --policy or TOOLGATE_POLICY) does not exist.`,
        {
          hint: 'Fix the path, or drop the option to use ~/.toolgate/policy.yaml and the project .toolgate/policy.yaml.',
        },
      );
    }
    files.push(explicit);
  }
  return files;
}

/**
 * The project's policy changes what runs only once the user trusted it as it is now (`toolgate trust`); one
 * above `cwd` must also be the user's own and writable by nobody else (a shared folder may hold another's).
 */
export function inspectProjectPolicy(options: PolicyFilesOptions): ProjectPolicyState | undefined {
  const file = findUpward(options.cwd, PROJECT_POLICY_PATH);
  if (file === undefined || path.resolve(file) === path.resolve(options.userPolicy)) return undefined;
  let text: string;
  try {
    if (path.dirname(path.dirname(file)) !== path.resolve(options.cwd)) {
      const problem = describeUnsafeFile(file, statSync(file));
      if (problem !== undefined) return { file, verdict: 'unsafe', problem };
    }
    text = readFileSync(file, 'utf8');
  } catch {
    // Unreadable: kept in the list as before, so that loadPolicy names the failure instead of skipping it.
    return { file, verdict: 'trusted' };
  }
  return { file, verdict: (options.trust ?? NO_TRUST).verdict(file, text) };
}

function findUpward(start: string, relative: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
