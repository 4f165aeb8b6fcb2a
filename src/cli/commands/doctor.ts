// `toolgate doctor`: checks the installation, configs, lock, port, policy, manifest, secrets and exposed surface.
import type { Command } from 'commander';
import { listPolicyFiles } from '../../app/policy-files.js';
import { loadProjectConfig } from '../../app/project-config.js';
import type { CheckResult, DoctorReport } from '../../doctor/doctor-check.js';
import { runDoctor } from '../../doctor/run-doctor.js';
import { cliContext, toolgateScriptPath } from '../cli-context.js';
import { markFailure, printJson, printLine } from '../cli-output.js';
import { listExposedSurface } from '../exposed-surface.js';
import { settingOption } from '../setting-option.js';

interface DoctorFlags {
  json?: boolean;
  config?: string;
  policy?: string;
}

const LABELS = { ok: 'ok', warn: 'WARN', fail: 'FAIL' } as const;

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check the setup; each finding is ok, warn or fail with a fix (exit 1 when any check fails)')
    .option('--json', 'print { ok, checks: [{ id, status, message, fix?, subject? }] }')
    .addOption(settingOption('config', 'also check this config file'))
    .addOption(settingOption('policy', 'also check this policy file'))
    .action(async (flags: DoctorFlags) => {
      const context = cliContext({ config: flags.config, policy: flags.policy });
      const explicitPolicy = context.settings.policy;
      const explicitConfig = context.settings.config;
      // A failure to list the tools is reported as a finding; the other checks still run.
      const surface = await listExposedSurface(context.settings).catch((error: unknown) => ({
        problem: `the exposed tools could not be listed (${(error as Error).message})`,
      }));
      // Without --policy: an explicit policy that does not exist is the policy check's finding, not an error here.
      const project = await loadProjectConfig({ paths: context.paths, cwd: context.cwd, env: context.env });
      const report = await runDoctor({
        env: context.env,
        cwd: context.cwd,
        homeDir: context.homeDir,
        paths: context.paths,
        nodeVersion: process.versions.node,
        policyFiles: () =>
          listPolicyFiles({
            userPolicy: context.paths.policyFile,
            cwd: context.cwd,
            trust: project.trust,
            ...(explicitPolicy ? { explicit: explicitPolicy } : {}),
          }),
        trust: project.trust,
        untrustedFiles: project.untrusted,
        ...(explicitConfig ? { explicitConfig } : {}),
        selfScripts: [toolgateScriptPath(), process.argv[1] ?? ''].filter(Boolean),
        ...('problem' in surface ? { surfaceProblem: surface.problem } : { surface }),
      });
      if (!report.ok) markFailure();
      if (flags.json) return printJson(report);
      printTable(report);
    });
}

function printTable(report: DoctorReport): void {
  const names = report.checks.map(nameOf);
  const width = Math.min(36, Math.max(...names.map((name) => name.length)));
  report.checks.forEach((result, index) => {
    printLine(`${LABELS[result.status].padEnd(4)}  ${names[index]!.padEnd(width)}  ${result.message}`);
    if (result.fix && result.status !== 'ok') printLine(`${' '.repeat(6 + width)}  fix: ${result.fix}`);
  });
  const count = (status: CheckResult['status']) => report.checks.filter((result) => result.status === status).length;
  printLine();
  printLine(
    `${count('ok')} ok, ${count('warn')} warning(s), ${count('fail')} failure(s)${report.ok ? '' : ': fix the FAIL lines above'}`,
  );
}

/** `server-command github`: the kind, and the subject unless it is a long path the message already names. */
function nameOf(result: CheckResult): string {
  return result.subject && !result.subject.includes('/') && !result.subject.includes('\\')
    ? `${result.id} ${result.subject}`
    : result.id;
}
