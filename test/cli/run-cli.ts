// Runs the built toolgate CLI as a subprocess in a sandboxed HOME and TOOLGATE_HOME.
import { execa } from 'execa';
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
  /** Default CLI_TIMEOUT_MS; longer for a command that installs a package. */
  timeoutMs?: number;
}

/** A CLI command should be quick; a hung one fails the test instead of hanging it. */
export const CLI_TIMEOUT_MS = 20_000;

export async function runCli(sandbox: Sandbox, args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  const result = await execa(process.execPath, [TOOLGATE_BIN, ...args], {
    cwd: options.cwd ?? sandbox.project,
    env: gatewayEnv(sandbox, options.env),
    extendEnv: false,
    reject: false,
    timeout: options.timeoutMs ?? CLI_TIMEOUT_MS,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
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
