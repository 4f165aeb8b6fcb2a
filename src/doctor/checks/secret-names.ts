// Doctor: every name in a secrets file is a credential, and none is a loader or interpreter variable (secret-names.ts).
import { existsSync } from 'node:fs';
import { classifySecretName } from '../../secrets/secret-names.js';
import { readSecretsFile, type SecretsKeyOptions } from '../../secrets/secret-store.js';
import { check, type CheckResult } from '../doctor-check.js';

/**
 * `scope`: the user's file is edited with `toolgate secrets rm`; a project's by hand. A file that cannot be
 * opened is the secrets-file check's to report.
 */
export async function checkSecretNames(
  file: string,
  scope: 'user' | 'project',
  options: SecretsKeyOptions = {},
): Promise<CheckResult[]> {
  if (!existsSync(file)) return [];
  const servers = await readSecretsFile(file, options).catch(() => undefined);
  if (servers === undefined) return [];
  const remove = (server: string, name: string) =>
    scope === 'user'
      ? `toolgate secrets rm ${server} ${name}`
      : `remove ${name} of ${server} from ${file} (or delete the file and store the credentials again)`;
  const results: CheckResult[] = [];
  for (const [server, vars] of Object.entries(servers)) {
    for (const name of Object.keys(vars)) {
      const kind = classifySecretName(name);
      const subject = `${file}: ${server}.${name}`;
      if (kind === 'denied' || kind === 'invalid') {
        results.push(
          check(
            'secret-name',
            'fail',
            `${file} stores ${name} for ${server}: a loader or interpreter variable, never passed to the server (a value there would run code in it)`,
            { subject, fix: remove(server, name) },
          ),
        );
      } else if (kind === 'setting') {
        results.push(
          check(
            'secret-name',
            'warn',
            `${file} stores ${name} for ${server}, which is not named like a credential (*_TOKEN, *_KEY, *_SECRET, *_PASSWORD, ...)`,
            { subject, fix: `Keep it only if ${server}'s entry reads \${${name}}; otherwise ${remove(server, name)}` },
          ),
        );
      }
    }
  }
  if (results.length === 0 && Object.keys(servers).length > 0)
    results.push(check('secret-name', 'ok', `${file}: every stored name is a credential`, { subject: file }));
  return results;
}
