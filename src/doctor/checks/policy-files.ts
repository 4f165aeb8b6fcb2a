// Doctor: every policy file parses in full (a broken one stops the gateway at start-up).
import { isGatewayError } from '../../errors/index.js';
import { loadPolicy } from '../../policy/load-policy.js';
import { check, type CheckResult } from '../doctor-check.js';
import { existsSync } from 'node:fs';

/** `listFiles` may throw (an explicit --policy that does not exist); that is a failure too. */
export async function checkPolicy(listFiles: () => readonly string[]): Promise<CheckResult> {
  try {
    const files = listFiles();
    await loadPolicy(files);
    const present = files.filter((file) => existsSync(file));
    return check(
      'policy',
      'ok',
      present.length === 0
        ? 'no policy file (everything allowed, default caps)'
        : `policy parses: ${present.join(', ')}`,
    );
  } catch (error) {
    const message = isGatewayError(error) ? error.message : String(error);
    const fix = isGatewayError(error) && error.hint ? error.hint : 'Fix the file or remove it.';
    return check('policy', 'fail', message, { fix });
  }
}
