// `toolgate init`: creates TOOLGATE_HOME with a starter servers.json and a commented policy.yaml, never overwriting.
import fs from 'node:fs/promises';
import type { Command } from 'commander';
import { cliContext } from '../cli-context.js';
import { printJson, printLine } from '../cli-output.js';
import { STARTER_POLICY_YAML, STARTER_SERVERS_JSON } from '../init/starter-files.js';

interface InitReport {
  home: string;
  /** Files written by this run. */
  created: string[];
  /** Files that already existed and were left as they were. */
  kept: string[];
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      'create TOOLGATE_HOME with a starter servers.json and a commented policy.yaml (existing files are kept)',
    )
    .option('--json', 'print { home, created, kept } as JSON')
    .action(async (flags: { json?: boolean }) => {
      const { paths } = cliContext();
      await fs.mkdir(paths.home, { recursive: true, mode: 0o700 });
      const report: InitReport = { home: paths.home, created: [], kept: [] };
      // servers.json may come to hold tokens in `env`, so it starts private.
      for (const [file, content, mode] of [
        [paths.serversFile, STARTER_SERVERS_JSON, 0o600],
        [paths.policyFile, STARTER_POLICY_YAML, 0o644],
      ] as const) {
        ((await createIfMissing(file, content, mode)) ? report.created : report.kept).push(file);
      }
      if (flags.json) return printJson(report);
      printLine(`toolgate home: ${report.home}`);
      for (const file of report.created) printLine(`  created ${file}`);
      for (const file of report.kept) printLine(`  kept    ${file} (already there, not changed)`);
      printLine(
        'Next: add servers to servers.json (or run `toolgate setup --client <name> --write --import`), then `toolgate doctor`.',
      );
    });
}

/** `wx` fails on an existing file, so a file created between a check and the write is never clobbered. */
async function createIfMissing(file: string, content: string, mode: number): Promise<boolean> {
  try {
    await fs.writeFile(file, content, { flag: 'wx', mode });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}
