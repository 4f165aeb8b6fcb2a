// Which policy files apply: the user's, the nearest project's, and an explicit one, in that order.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { GatewayError } from '../errors/index.js';

export const PROJECT_POLICY_PATH = path.join('.toolgate', 'policy.yaml');

export function listPolicyFiles(options: { userPolicy: string; cwd: string; explicit?: string }): string[] {
  const files = [options.userPolicy];
  const project = findUpward(options.cwd, PROJECT_POLICY_PATH);
  if (project && path.resolve(project) !== path.resolve(options.userPolicy)) files.push(project);
  if (options.explicit !== undefined) {
    const explicit = path.resolve(options.cwd, options.explicit);
    if (!existsSync(explicit)) {
      throw new GatewayError('POLICY_INVALID', `The policy file ${explicit} (from --policy or TOOLGATE_POLICY) does not exist.`, {
        hint: 'Fix the path, or drop the option to use ~/.toolgate/policy.yaml and the project .toolgate/policy.yaml.',
      });
    }
    files.push(explicit);
  }
  return files;
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
