// Runs the built toolgate CLI as a subprocess in a sandboxed HOME and TOOLGATE_HOME.
import { execa } from 'execa';
import { onTestFinished } from 'vitest';
import { gatewayEnv, TOOLGATE_BIN, type Sandbox } from '../support/gateway-process.js';

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** Extra environment (added to the sandbox's HOME, TOOLGATE_HOME and PATH). */
  env?: Record<string, string>;
  /** Standard input; none (closed) when undefined. */
  input?: string;
  /** Default: the sandbox's project folder. */
  cwd?: string;
}

/**
 * Runs the CLI to its exit, however long a loaded machine makes that: a time limit here would fail a slow but
 * correct run. A hung command fails its test at vitest's testTimeout, and is killed when the test ends.
 */
export async function runCli(sandbox: Sandbox, args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  const subprocess = execa(process.execPath, [TOOLGATE_BIN, ...args], {
    cwd: options.cwd ?? sandbox.project,
    env: gatewayEnv(sandbox, options.env),
    extendEnv: false,
    reject: false,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
  });
  killWhenTestEnds(() => subprocess.kill('SIGKILL'));
  const result = await subprocess;
  if (result.exitCode === undefined)
    throw new Error(
      `toolgate ${args.join(' ')} ended without an exit code (${result.signal ?? 'no signal'}).\nstdout: ${result.stdout}\nstderr: ${result.stderr}`,
    );
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

/** Inside a test the run is killed when the test ends (a timeout included); outside one (a hook) it is not. */
function killWhenTestEnds(kill: () => void): void {
  try {
    onTestFinished(kill);
  } catch {
    // Not inside a running test.
  }
}

/** Runs with --json and parses stdout (one JSON document). */
export async function runCliJson<T = Record<string, unknown>>(
  sandbox: Sandbox,
  args: readonly string[],
  options: CliRunOptions = {},
): Promise<{ exitCode: number; json: T; stderr: string }> {
  const run = await runCli(sandbox, [...args, '--json'], options);
  let json: T;
  try {
    json = JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(
      `toolgate ${args.join(' ')} --json printed no JSON (exit ${run.exitCode}).\nstdout: ${run.stdout}\nstderr: ${run.stderr}`,
    );
  }
  return { exitCode: run.exitCode, json, stderr: run.stderr };
}
