// Doctor: project files found but not used, because the user has not trusted them as they are now.
import type { UntrustedConfigFile } from '../../config/server-entry.js';
import { trustCommand } from '../../trust/trust-list.js';
import { check, type CheckResult } from '../doctor-check.js';

export function checkProjectTrust(untrusted: readonly UntrustedConfigFile[]): CheckResult[] {
  return untrusted.map((file) => {
    const why = file.verdict === 'changed' ? 'has changed since you trusted it' : 'is not trusted';
    const servers =
      file.servers.length > 0 ? `; its servers (${file.servers.join(', ')}) do not run` : '; it does not take effect';
    return check('project-trust', 'warn', `${file.file} ${why}${servers}`, {
      subject: file.file,
      fix: `Read the file; if you want it, run: ${trustCommand(file.folder)}`,
    });
  });
}
