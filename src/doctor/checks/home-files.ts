// Doctor: the files toolgate reads from TOOLGATE_HOME are the user's own and writable by nobody else.
import path from 'node:path';
import type { ToolgatePaths } from '../../config/paths.js';
import { keyFileFor } from '../../secrets/secrets-key.js';
import { checkFileOwnership } from '../../storage/file-ownership.js';
import { check, type CheckResult } from '../doctor-check.js';

export async function checkHomeFiles(paths: ToolgatePaths): Promise<CheckResult[]> {
  const files = [
    paths.home,
    paths.serversFile,
    paths.policyFile,
    paths.secretsFile,
    keyFileFor(paths.secretsFile),
    paths.trustFile,
  ];
  const problems = await Promise.all(files.map(async (file) => ({ file, problem: await checkFileOwnership(file) })));
  const unsafe = problems.filter((entry): entry is { file: string; problem: string } => entry.problem !== undefined);
  if (unsafe.length === 0)
    return [
      check('home-files', 'ok', `files in ${paths.home} are yours and writable only by you`, { subject: paths.home }),
    ];
  return unsafe.map(({ file, problem }) =>
    check('home-files', 'fail', problem, {
      subject: file,
      fix:
        file === paths.home
          ? `chmod go-w ${file}`
          : `chmod go-w ${file} (and chown it to yourself if it is not yours), or move it away from ${path.dirname(file)}`,
    }),
  );
}
