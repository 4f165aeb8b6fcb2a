// Starts the built `toolgate wrap` around a server in a sandbox and connects an SDK Client to it (or to the server directly).
import fs from 'node:fs';
import path from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/client';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { readAuditRecords } from '../support/audit-records.js';
import { childrenOf, gatewayEnv, ROOT, TOOLGATE_BIN, waitForExit, type Sandbox } from '../support/gateway-process.js';

export const EVERYTHING = [
  process.execPath,
  path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'),
  'stdio',
];
export const GATES_FIXTURE = [process.execPath, path.join(ROOT, 'test/fixtures/wrap-gates-server.mjs')];

export interface WrapRunOptions {
  /** Flags before `--`. */
  flags?: string[];
  /** The server command after `--`. */
  command: string[];
  /** How the client answers approval questions; undefined: it declares no elicitation at all. */
  elicitation?: 'accept' | 'decline';
  env?: Record<string, string>;
  /** false: connect to the server command directly, without toolgate (for comparisons). */
  wrapped?: boolean;
}

export interface WrapRun {
  client: Client;
  /** The pid of toolgate wrap (or of the server, when not wrapped). */
  pid: number;
  stderr(): string;
  /** Questions the client was asked (their messages). */
  questions: string[];
  /** tools/call without the SDK's own outputSchema check (the gates are what is tested). */
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

export function writePolicy(sandbox: Sandbox, yaml: string): void {
  fs.mkdirSync(sandbox.toolgateHome, { recursive: true });
  fs.writeFileSync(path.join(sandbox.toolgateHome, 'policy.yaml'), yaml);
}

export async function startWrap(sandbox: Sandbox, options: WrapRunOptions): Promise<WrapRun> {
  const [command, ...args] =
    options.wrapped === false
      ? options.command
      : [process.execPath, TOOLGATE_BIN, 'wrap', ...(options.flags ?? []), '--', ...options.command];
  const transport = new StdioClientTransport({
    command: command!,
    args,
    cwd: sandbox.project,
    env: gatewayEnv(sandbox, options.env),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client(
    { name: 'wrap-test', version: '1.0.0' },
    { capabilities: options.elicitation ? { elicitation: { form: {} } } : {} },
  );
  const questions: string[] = [];
  if (options.elicitation) {
    const action = options.elicitation;
    client.setRequestHandler('elicitation/create', (request) => {
      questions.push(String(request.params.message));
      return { action };
    });
  }
  await client.connect(transport);
  const pid = transport.pid;
  if (pid === null) throw new Error('toolgate wrap did not start');
  return {
    client,
    pid,
    stderr: () => stderr,
    questions,
    call: (name, callArgs = {}) =>
      client.request(
        { method: 'tools/call', params: { name, arguments: callArgs } },
        {
          timeout: 20_000,
        },
      ),
    close: async () => {
      await client.close();
      await waitForExit(pid, 10_000);
    },
  };
}

/** Runs `body` with a wrap of `options.command` named `fx`, listing its tools first so their schemas are known. */
export async function withWrap(
  sandbox: Sandbox,
  options: WrapRunOptions,
  body: (run: WrapRun) => Promise<void>,
): Promise<void> {
  const run = await startWrap(sandbox, { ...options, flags: ['--name', 'fx', ...(options.flags ?? [])] });
  try {
    await run.client.request({ method: 'tools/list' });
    await body(run);
  } finally {
    await run.close();
  }
}

/** Every audit line written in the sandbox, parsed. */
export function auditLines(sandbox: Sandbox): Array<Record<string, unknown>> {
  return readAuditRecords(sandbox.toolgateHome);
}

export function auditText(sandbox: Sandbox): string {
  return JSON.stringify(auditLines(sandbox));
}

export { childrenOf };
export { rpcErrorOf } from '../support/gateway-error-of.js';
