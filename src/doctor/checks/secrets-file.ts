// Doctor: the secrets file is private (mode 0600) and readable.
import fs from 'node:fs/promises';
import { isGatewayError } from '../../errors/index.js';
import { readSecretsFile } from '../../secrets/secret-store.js';
import { check, type CheckResult } from '../doctor-check.js';

export async function checkSecretsFile(file: string, platform: NodeJS.Platform = process.platform): Promise<CheckResult> {
  let mode: number;
  try {
    mode = (await fs.stat(file)).mode & 0o777;
  } catch {
    return check('secrets-file', 'ok', `no secrets stored (${file} does not exist)`, { subject: file });
  }
  if (platform !== 'win32' && (mode & 0o077) !== 0) {
    return check('secrets-file', 'fail', `${file} has mode ${mode.toString(8)}: other users can read it`, { subject: file, fix: `chmod 600 ${file}` });
  }
  try {
    const servers = await readSecretsFile(file);
    const count = Object.values(servers).reduce((sum, vars) => sum + Object.keys(vars).length, 0);
    return check('secrets-file', 'ok', `${file}: ${count} secret${count === 1 ? '' : 's'} for ${Object.keys(servers).length} server(s), mode 600`, { subject: file });
  } catch (error) {
    return check('secrets-file', 'fail', isGatewayError(error) ? error.message : String(error), { subject: file, fix: 'Fix the file by hand, or move it away and store the secrets again with `toolgate secrets set`.' });
  }
}
