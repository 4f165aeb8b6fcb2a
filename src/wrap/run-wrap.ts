// Runs one `toolgate wrap`: starts the server, proxies the client to it through the gates, and ends with the server's exit code.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { createAuditLog, type AuditLog } from '../audit/audit-log.js';
import { createCallPolicy } from '../call-path/call-policy.js';
import type { Policy } from '../policy/policy-types.js';
import { createRedactor } from '../redaction/index.js';
import { applyWrapFlags, type WrapSettings } from './wrap-settings.js';
import { WrapProxy } from './wrap-proxy.js';
import { WrappedChild, type ChildExit } from './wrapped-child.js';

export interface RunWrapOptions {
  settings: WrapSettings;
  /** The policy as loaded from the policy files; the flags are applied here. */
  policy: Policy;
  /** Exact credential values to catch in output and in the audit log (beyond the policy's patterns). */
  knownSecrets?: readonly string[];
  /** TOOLGATE_HOME/audit. */
  auditDir: string;
  /** The server's environment (ours, less toolgate's own credentials: see createServerEnv) and working folder. */
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** Default true: SIGINT/SIGTERM stop the server in stages, and a process exit takes it down too. */
  handleSignals?: boolean;
}

/** The exit code of `toolgate wrap`: the server's own, or 128 + the signal's number when a signal ended it (as a shell reports it). */
export function exitCodeOf(exit: ChildExit): number {
  if (exit.code !== null) return exit.code;
  const number = exit.signal === null ? undefined : constants.signals[exit.signal];
  return number === undefined ? 1 : 128 + number;
}

export async function runWrap(options: RunWrapOptions): Promise<number> {
  const { settings, stderr } = options;
  const policy = applyWrapFlags(options.policy, settings);
  const note = (line: string) => stderr.write(`toolgate wrap: ${line}\n`);
  const redactor = createRedactor(policy.redact, options.knownSecrets ?? []);
  const session = `wrap-${randomBytes(6).toString('hex')}`;

  const child = await WrappedChild.start({
    command: settings.command,
    args: settings.args,
    env: options.env,
    cwd: options.cwd,
  });
  const releaseSignals = options.handleSignals === false ? () => undefined : holdChildOnSignals(child, note);
  const audit: AuditLog | undefined = policy.audit
    ? createAuditLog({
        dir: options.auditDir,
        redactKeys: policy.redactKeys,
        redactText: (text) => redactor(text).text,
        onError: (error) => note(`the audit log cannot be written (${error.message})`),
      })
    : undefined;
  const proxy = new WrapProxy({
    client: { input: options.stdin, output: options.stdout },
    server: { input: child.stdin, output: child.stdout },
    policy: createCallPolicy(policy, redactor),
    name: settings.name,
    session,
    ...(audit === undefined ? {} : { audit }),
    ...(settings.maxMessageBytes === undefined ? {} : { maxMessageBytes: settings.maxMessageBytes }),
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    ...(settings.verbose ? { onVerbose: (line: string) => stderr.write(`${line}\n`) } : {}),
    onNote: note,
    // The client left: the server gets the same staged goodbye it would get from the client itself.
    onClientEnd: () => void child.stop(),
  });

  const exit = await child.exited;
  await proxy.close();
  releaseSignals();
  options.stdin.pause();
  await audit?.close();
  await new Promise<void>((resolve) => options.stdout.write('', () => resolve()));
  if (exit.signal && settings.verbose) note(`the server was ended by ${exit.signal}`);
  return exitCodeOf(exit);
}

/** SIGINT/SIGTERM/SIGHUP stop the server in stages (then the run ends with its exit); `exit` SIGTERMs its group at once. */
function holdChildOnSignals(child: WrappedChild, note: (line: string) => void): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    note(`${signal}: stopping the server`);
    void child.stop();
  };
  const onExit = () => child.terminateNow();
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, onSignal);
  process.on('exit', onExit);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
    process.off('exit', onExit);
  };
}
