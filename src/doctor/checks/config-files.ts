// Doctor: every config file parses, which servers are usable, disabled or skipped.
import type { DiscoveredConfig } from '../../config/server-entry.js';
import { check, type CheckResult } from '../doctor-check.js';

/** Names listed in one line before the rest are counted. */
const MAX_LISTED_NAMES = 12;

export function checkConfigFiles(config: DiscoveredConfig, serversFile: string): CheckResult[] {
  const results: CheckResult[] = [];
  for (const file of config.files) {
    if (!file.found) continue;
    const problem = config.problems.find((entry) => entry.file === file.path);
    if (problem)
      results.push(
        check('config-file', 'fail', problem.message, {
          subject: file.path,
          fix: 'Fix the file at the place named, or move it away.',
        }),
      );
    else
      results.push(
        check(
          'config-file',
          'ok',
          `${file.path} (${file.role}): ${file.servers} server${file.servers === 1 ? '' : 's'}`,
          { subject: file.path },
        ),
      );
  }
  // A missing --config is a problem for a file that was not found, so it is not in `files` as found.
  for (const problem of config.problems) {
    if (!config.files.some((file) => file.path === problem.file && file.found)) {
      results.push(
        check('config-file', 'fail', problem.message, {
          subject: problem.file,
          fix: 'Fix the path given by --config or TOOLGATE_CONFIG.',
        }),
      );
    }
  }
  for (const disabled of config.disabled) {
    results.push(
      check('server-disabled', 'warn', disabled.error, {
        subject: disabled.name,
        fix: `Do what the message says for "${disabled.name}" (${disabled.source}), then \`toolgate refresh\` or restart your client.`,
      }),
    );
  }
  const names = [...config.servers.keys()];
  const skipped = config.skipped.map((entry) => `${entry.name} (${entry.reason})`);
  const skippedNote = skipped.length > 0 ? `; skipped: ${skipped.join(', ')}` : '';
  if (names.length === 0) {
    results.push(
      check('servers', 'warn', `no downstream servers configured${skippedNote}`, {
        fix: `Add servers to ${serversFile}, or move a client's servers there with: toolgate setup --client <name> --mode stdio --write --import`,
      }),
    );
  } else {
    const listed =
      names.slice(0, MAX_LISTED_NAMES).join(', ') +
      (names.length > MAX_LISTED_NAMES ? `, and ${names.length - MAX_LISTED_NAMES} more` : '');
    results.push(
      check('servers', 'ok', `${names.length} server${names.length === 1 ? '' : 's'}: ${listed}${skippedNote}`),
    );
  }
  return results;
}
