// Doctor: the Node.js running toolgate is new enough.
import { check, type CheckResult } from '../doctor-check.js';

/** package.json `engines.node`. */
export const MIN_NODE_VERSION = [20, 19, 0] as const;

export function checkNodeVersion(version: string): CheckResult {
  const parts = version
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);
  const wanted = MIN_NODE_VERSION.join('.');
  return compareVersions(parts, MIN_NODE_VERSION) >= 0
    ? check('node-version', 'ok', `Node.js ${version} (needs >= ${wanted})`)
    : check('node-version', 'fail', `Node.js ${version} is older than ${wanted}`, {
        fix: `Install Node.js ${wanted} or newer (for example with nvm: nvm install 22).`,
      });
}

function compareVersions(have: readonly number[], need: readonly number[]): number {
  for (let index = 0; index < need.length; index += 1) {
    const difference = (have[index] ?? 0) - need[index]!;
    if (difference !== 0) return difference;
  }
  return 0;
}
