// `toolgate trust [folder]`: consent to a project's .mcp.json, policy and secrets as they are now; --list, --revoke.
import path from 'node:path';
import type { Command } from 'commander';
import { listTrustedProjects, revokeProject, trustProject, type TrustOutcome } from '../../app/project-trust.js';
import { cliContext } from '../cli-context.js';
import { markFailure, printJson, printLine } from '../cli-output.js';

interface TrustFlags {
  list?: boolean;
  revoke?: boolean;
  json?: boolean;
}

export function registerTrust(program: Command): void {
  program
    .command('trust [folder]')
    .description(
      "let a project's .mcp.json, .toolgate/policy.yaml and .toolgate/secrets.json take effect, as they are now (default folder: the current one)",
    )
    .option('--list', 'show every trusted file, its folder and sha256')
    .option('--revoke', "forget what was trusted for the folder (and its servers' cached tool lists)")
    .option('--json', 'print the result as JSON')
    .action(async (folderArgument: string | undefined, flags: TrustFlags) => {
      const context = cliContext();
      const options = { paths: context.paths, homeDir: context.homeDir };
      const folder = path.resolve(context.cwd, folderArgument ?? '.');
      if (flags.list) {
        const listed = await listTrustedProjects(options);
        if (listed.problem !== undefined) markFailure();
        if (flags.json) return printJson(listed);
        if (listed.problem !== undefined) printLine(listed.problem);
        if (listed.trusted.length === 0) return printLine('No project file is trusted.');
        for (const record of listed.trusted)
          printLine(
            `${record.file}  (folder ${record.folder}, sha256 ${record.sha256.slice(0, 12)}, ${record.trusted_at})`,
          );
        return;
      }
      if (flags.revoke) {
        const outcome = await revokeProject(folder, options);
        if (flags.json) return printJson({ folder, ...outcome });
        if (outcome.revoked.length === 0) return printLine(`Nothing was trusted for ${folder}.`);
        for (const record of outcome.revoked) printLine(`revoked ${record.file}`);
        return printLine(
          `Run \`toolgate refresh\` (or restart your MCP client) for a running gateway to drop these servers.`,
        );
      }
      const outcome = await trustProject(folder, options);
      if (outcome.refused.length > 0) markFailure();
      if (flags.json) return printJson(outcome);
      printTrustOutcome(outcome);
    });
}

function printTrustOutcome(outcome: TrustOutcome): void {
  if (outcome.trusted.length === 0 && outcome.refused.length === 0)
    return printLine(`No project files found for ${outcome.folder}: nothing to trust.`);
  for (const trusted of outcome.trusted) {
    printLine(`trusted ${trusted.file} (${trusted.kind}, sha256 ${trusted.sha256.slice(0, 12)})`);
    for (const server of trusted.servers) printLine(`  server ${server.name}: runs ${server.runs}`);
    if (trusted.variables.length > 0) printLine(`  reads from your environment: ${trusted.variables.join(', ')}`);
  }
  for (const refused of outcome.refused) printLine(`not trusted ${refused.file}: ${refused.problem}`);
  printLine(
    'A change to any of these files needs `toolgate trust` again. Run `toolgate refresh` (or restart your MCP client) for a running gateway.',
  );
}
