// `toolgate setup`: prints (or with --write merges) toolgate's entry into an MCP client's config file.
import { countOf } from '../../errors/index.js';
import path from 'node:path';
import { Option, type Command } from 'commander';
import {
  CLIENT_IDS,
  SETUP_MODES,
  SETUP_SCOPES,
  type ClientId,
  type SetupMode,
  type SetupScope,
} from '../../clients/client-ids.js';
import { clientConfigFile, defaultScope } from '../../clients/client-locations.js';
import { CLIENT_PROFILES } from '../../clients/client-profiles.js';
import { setupClient, type SetupReport } from '../../clients/setup-client.js';
import { resolveHttpAuth, resolveToolgateTarget } from '../../clients/toolgate-target.js';
import { resolveSelfScripts } from '../../config/self-launch.js';
import { findExecutable } from '../../doctor/find-executable.js';
import { cliContext, realpathOrSelf, toolgateScriptPath } from '../cli-context.js';
import { printJson, printLine } from '../cli-output.js';

interface SetupFlags {
  client: ClientId;
  mode: SetupMode;
  scope?: SetupScope;
  file?: string;
  write?: boolean;
  import?: boolean;
  json?: boolean;
}

export function registerSetup(program: Command): void {
  program
    .command('setup')
    .description("print toolgate's entry for an MCP client's config file; --write merges it in (with a backup)")
    .addOption(new Option('--client <client>', 'the MCP client').choices(CLIENT_IDS).makeOptionMandatory())
    .addOption(
      new Option('--mode <mode>', 'stdio: the client starts toolgate; http: it connects to `toolgate serve --http`')
        .choices(SETUP_MODES)
        .default('stdio'),
    )
    .addOption(
      new Option(
        '--scope <scope>',
        "the client's user file or the project's (default: project for vscode, else user)",
      ).choices(SETUP_SCOPES),
    )
    .option('--file <path>', "edit this file instead of the client's usual one")
    .option('--write', 'merge the entry into the file, keeping every other entry; a backup is left beside it')
    .option(
      '--import',
      "with --write: move the file's other servers into toolgate's servers.json, so the client loads only toolgate",
    )
    .option('--json', 'print the result as JSON')
    .action(async (flags: SetupFlags) => {
      const context = cliContext();
      const scope = flags.scope ?? defaultScope(flags.client);
      const file = flags.file
        ? path.resolve(context.cwd, flags.file)
        : clientConfigFile(flags.client, scope, { ...context, platform: process.platform });
      const scriptPath = toolgateScriptPath();
      const onPath = await findExecutable('toolgate', { env: context.env });
      const http =
        flags.mode === 'http'
          ? await resolveHttpAuth({ scope, settings: context.settings, home: context.paths.home })
          : undefined;
      const target = resolveToolgateTarget({
        client: flags.client,
        mode: flags.mode,
        scriptPath,
        nodePath: process.execPath,
        toolgateOnPath: onPath !== undefined && realpathOrSelf(onPath) === scriptPath,
        settings: context.settings,
        ...(http ? { auth: http.auth } : {}),
      });
      const report = await setupClient({
        client: flags.client,
        mode: flags.mode,
        scope,
        file,
        target,
        write: flags.write ?? false,
        importServers: flags.import ?? false,
        serversFile: context.paths.serversFile,
        homeDir: context.homeDir,
        projectPath: context.cwd,
        selfScripts: await resolveSelfScripts([scriptPath, process.argv[1] ?? ''].filter(Boolean)),
        ...(http?.tokenFile ? { tokenFile: http.tokenFile } : {}),
      });
      if (flags.json) return printJson(report);
      printReport(report);
    });
}

function printReport(report: SetupReport): void {
  const label = CLIENT_PROFILES[report.client].label;
  if (!report.written) {
    printLine(`${label} (${report.scope} scope) reads ${report.file}.`);
    printLine(
      `Add this entry to it, or run the same command with --write to merge it in (every other entry is kept, a backup is left):`,
    );
    printLine();
    printLine(report.snippet);
    printLine();
  } else if (!report.changed) {
    printLine(`${report.file} already has this entry; nothing changed.`);
  } else {
    printLine(`Updated ${report.file}${report.backup ? ` (backup: ${report.backup})` : ' (new file)'}.`);
  }
  if (report.import) {
    const moved = report.import.moved;
    printLine(
      moved.length > 0
        ? `Moved ${countOf(moved.length, 'server')} into ${report.import.servers_file}: ${moved.join(', ')}`
        : `No server was moved into ${report.import.servers_file}.`,
    );
    for (const [name, keys] of Object.entries(report.import.dropped_keys))
      printLine(`  ${name}: dropped ${keys.join(', ')} (no toolgate equivalent; use a policy instead)`);
    for (const [name, notes] of Object.entries(report.import.notes))
      for (const note of notes) printLine(`  ${name}: ${note}`);
    for (const kept of report.import.kept)
      printLine(`  kept in ${path.basename(report.file)}: ${kept.name} (${kept.reason})`);
  }
  if (report.mode === 'http') printLine(httpTokenLine(report));
  if (report.written && report.changed)
    printLine(`Restart ${label} (or reload its MCP servers) to pick up the change.`);
}

function httpTokenLine(report: SetupReport): string {
  if (report.token === 'literal')
    return `The client connects to \`toolgate serve --http\` with the service's token (from ${report.token_file}), written into the entry; the file is kept readable by you only.`;
  if (report.token_file) {
    return `The client connects to \`toolgate serve --http\` and sends TOOLGATE_AUTH_TOKEN (a project file may be shared, so it holds no token): run \`export TOOLGATE_AUTH_TOKEN="$(cat ${report.token_file})"\` where the client runs.`;
  }
  return 'The client connects to `toolgate serve --http` and sends the token from TOOLGATE_AUTH_TOKEN: export it where the client runs.';
}
