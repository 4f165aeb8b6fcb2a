// `toolgate manifest <list|validate>`: the servers toolgate can provision, and a check of a manifest file against its schema.
import type { Command } from 'commander';
import { GatewayError, countOf } from '../../errors/index.js';
import { MANIFEST_CATEGORIES, type ManifestIssue } from '../../manifest/index.js';
import { cliContext, toolgateScriptPath } from '../cli-context.js';
import { markFailure, printJson, printLine } from '../cli-output.js';
import { listManifestServers, type ManifestListRow } from '../manifest/manifest-listing.js';
import { validateManifestFile } from '../manifest/validate-manifest-file.js';

interface ListFlags {
  json?: boolean;
  category?: string;
}

export function registerManifest(program: Command): void {
  const manifest = program
    .command('manifest')
    .description('the manifest of servers toolgate can provision: list them, or validate a manifest file');

  manifest
    .command('list')
    .description(
      'list the manifest servers: category, how each runs, whether it is installed, which required credentials are missing',
    )
    .option('--category <category>', `only this category (${MANIFEST_CATEGORIES.join(', ')})`)
    .option('--json', 'print { file, count, servers: [...] } as JSON')
    .action(async (flags: ListFlags) => {
      if (flags.category !== undefined && !(MANIFEST_CATEGORIES as readonly string[]).includes(flags.category)) {
        throw new GatewayError(
          'USAGE',
          `Expected --category to be one of ${MANIFEST_CATEGORIES.join(', ')}; received ${JSON.stringify(flags.category.slice(0, 80))}.`,
          {
            hint: 'Run `toolgate manifest list` without --category to see every server.',
          },
        );
      }
      const context = cliContext();
      const explicitConfig = context.settings.config;
      const listing = await listManifestServers({
        env: context.env,
        cwd: context.cwd,
        homeDir: context.homeDir,
        paths: context.paths,
        selfScripts: [toolgateScriptPath(), process.argv[1] ?? ''].filter(Boolean),
        ...(explicitConfig ? { explicitConfig } : {}),
      });
      const servers = listing.servers.filter(
        (server) => flags.category === undefined || server.category === flags.category,
      );
      if (flags.json) return printJson({ file: listing.file, count: servers.length, servers });
      printTable(servers);
      printLine();
      printLine(
        `${countOf(servers.length, 'server')} in ${listing.file}; install one with \`toolgate provision <name>\`.`,
      );
    });

  manifest
    .command('validate [file]')
    .description(
      'check a manifest YAML file (default: the shipped one) against the schema; exit 1 when it has problems',
    )
    .option('--json', 'print { file, ok, servers?, issues: [{ server?, field, line?, message }] } as JSON')
    .action(async (file: string | undefined, flags: { json?: boolean }) => {
      const result = await validateManifestFile(file, cliContext().cwd);
      if (!result.ok) markFailure();
      if (flags.json) return printJson(result);
      if (result.ok) return printLine(`${result.file}: valid, ${countOf(result.servers ?? 0, 'server')}.`);
      printLine(`${result.file}: ${countOf(result.issues.length, 'problem')}:`);
      for (const issue of result.issues) printLine(`  ${describeIssue(issue)}`);
    });
}

function printTable(servers: readonly ManifestListRow[]): void {
  const width = Math.max(4, ...servers.map((server) => server.name.length));
  const category = Math.max(8, ...servers.map((server) => server.category.length));
  const row = (name: string, group: string, run: string, installed: string, missing: string) =>
    printLine(
      `${name.padEnd(width)}  ${group.padEnd(category)}  ${run.padEnd(6)}  ${installed.padEnd(12)}  ${missing}`.trimEnd(),
    );
  row('name', 'category', 'run', 'installed', 'credentials');
  for (const server of servers) {
    const installed = server.installed
      ? server.configured_as === server.name
        ? 'yes'
        : `as ${server.configured_as}`
      : 'no';
    const missing = server.credentials.missing.length
      ? `needs ${server.credentials.missing.join(', ')}`
      : server.credentials.required.length
        ? 'ok'
        : '';
    row(server.name, server.category, server.run, installed, missing);
  }
}

/** `server "github", field npm.version (line 12): must be ...`, as the gateway's own error names it. */
function describeIssue(issue: ManifestIssue): string {
  const where = issue.server === undefined ? `field ${issue.field}` : `server "${issue.server}", field ${issue.field}`;
  return `${where}${issue.line === undefined ? '' : ` (line ${issue.line})`}: ${issue.message}`;
}
