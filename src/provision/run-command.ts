// Runs one install or probe command: an argument array through execa (never a shell), bounded in time.
import { execa } from 'execa';
import { networkEnv } from '../config/network-env.js';
import { GatewayError } from '../errors/index.js';

/** Stdout kept for the caller (a version query answers in a few bytes); the rest only reaches onOutput. */
export const MAX_KEPT_STDOUT_BYTES = 64 * 1024;

/** After a timeout or cancel, the child gets this long after SIGTERM before SIGKILL. */
export const KILL_GRACE_MS = 5_000;

/**
 * Variables an installer may need (where to find programs and caches, npm and uv settings), plus the network
 * settings every child gets (config/network-env.ts); nothing else of the gateway's environment.
 */
const PASSED_ENV =
  /^(PATH|HOME|USER|LOGNAME|SHELL|TERM|TMPDIR|TEMP|TMP|LANG|LC_ALL|SYSTEMROOT|APPDATA|LOCALAPPDATA|npm_config_\w+|NPM_CONFIG_\w+|UV_\w+|DOCKER_HOST)$/;

export interface RunCommandOptions {
  command: string;
  args: readonly string[];
  /** The gateway's environment; only installer-related variables are passed on. */
  env: Record<string, string | undefined>;
  timeoutMs: number;
  cwd?: string;
  signal?: AbortSignal;
  /** Each chunk of stdout and stderr, as it comes. */
  onOutput?: (chunk: string) => void;
}

function installerEnv(env: Record<string, string | undefined>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && PASSED_ENV.test(key)) picked[key] = value;
  return { ...picked, ...networkEnv(env) };
}

/** Resolves with the first MAX_KEPT_STDOUT_BYTES of stdout on exit code 0; otherwise throws PROVISION_FAILED saying whether it failed, timed out or was cancelled. */
export async function runCommand(options: RunCommandOptions): Promise<string> {
  const line = [options.command, ...options.args].join(' ');
  const subprocess = execa(options.command, [...options.args], {
    env: installerEnv(options.env),
    extendEnv: false,
    stdin: 'ignore',
    buffer: false,
    reject: false,
    timeout: options.timeoutMs,
    forceKillAfterDelay: KILL_GRACE_MS,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.signal === undefined ? {} : { cancelSignal: options.signal }),
  });
  let stdout = '';
  subprocess.stdout?.setEncoding('utf8');
  subprocess.stderr?.setEncoding('utf8');
  subprocess.stdout?.on('data', (chunk: string) => {
    if (stdout.length < MAX_KEPT_STDOUT_BYTES) stdout += chunk.slice(0, MAX_KEPT_STDOUT_BYTES - stdout.length);
    options.onOutput?.(chunk);
  });
  subprocess.stderr?.on('data', (chunk: string) => options.onOutput?.(chunk));
  const result = await subprocess;
  if (result.exitCode === 0 && !result.failed) return stdout;
  const reason = result.timedOut
    ? `did not finish within ${options.timeoutMs} ms and was stopped`
    : result.isCanceled
      ? 'was cancelled'
      : result.code === 'ENOENT'
        ? `could not start: "${options.command}" was not found on PATH`
        : `exited with ${result.exitCode === undefined ? `signal ${result.signal ?? 'unknown'}` : `code ${result.exitCode}`}`;
  throw new GatewayError(result.isCanceled ? 'CANCELLED' : 'PROVISION_FAILED', `\`${line}\` ${reason}.`, {
    hint: 'The last lines of its output are in gateway_provision_status; fix the cause they show (network, certificates or proxy, disk space, a missing program) and provision again.',
    details: { command: options.command },
  });
}
