// Starts the built toolgate as `serve --http --port 0` in a sandbox and connects SDK clients to it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { CallToolResult } from '@modelcontextprotocol/client';
import {
  createSandbox,
  gatewayEnv,
  TOOLGATE_BIN,
  waitForExit,
  writeProjectConfig,
  type Sandbox,
} from './gateway-process.js';

export const TEST_TOKEN = 'test-token-0123456789abcdef';
const START_TIMEOUT_MS = 60_000;

export interface HttpGateway {
  url: string;
  port: number;
  pid: number;
  sandbox: Sandbox;
  process: ChildProcess;
  /** The token clients send by default: the configured one, or the one the service generated. */
  token: string | undefined;
  stderr(): string;
  /** A connected MCP client (one session); closed by stop() if still open. */
  connect(options?: { token?: string; name?: string }): Promise<Client>;
  stop(): Promise<void>;
}

export interface HttpStartOptions {
  servers?: Record<string, unknown>;
  args?: string[];
  env?: Record<string, string>;
  /** Default TEST_TOKEN; null starts without one, so the service uses the token it generates in TOOLGATE_HOME. */
  token?: string | null;
  sandbox?: Sandbox;
}

export async function startHttpGateway(options: HttpStartOptions = {}): Promise<HttpGateway> {
  const sandbox = options.sandbox ?? createSandbox();
  if (options.servers) writeProjectConfig(sandbox, options.servers);
  const token = options.token === undefined ? TEST_TOKEN : options.token;
  const child = spawn(process.execPath, [TOOLGATE_BIN, 'serve', '--http', '--port', '0', ...(options.args ?? [])], {
    cwd: sandbox.project,
    env: gatewayEnv(sandbox, { ...(token ? { TOOLGATE_AUTH_TOKEN: token } : {}), ...options.env }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    // A start on a loaded 2-core machine can take many seconds; this only catches a gateway that never comes up.
    const timer = setTimeout(
      () => reject(new Error(`no "serving MCP at" line within ${START_TIMEOUT_MS} ms; stderr: ${stderr}`)),
      START_TIMEOUT_MS,
    );
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /serving MCP at (\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited with ${code}; stderr: ${stderr}`));
    });
  });
  // Without a configured token the service generated one (unless it was started with --unsafe-no-token).
  const generated = path.join(sandbox.toolgateHome, 'http-token');
  const usedToken = token ?? (fs.existsSync(generated) ? fs.readFileSync(generated, 'utf8').trim() : undefined);
  const clients: Client[] = [];
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid!,
    sandbox,
    process: child,
    token: usedToken,
    stderr: () => stderr,
    connect: async ({ token: clientToken = usedToken, name = 'http-e2e' } = {}) => {
      const transport = new StreamableHTTPClientTransport(new URL(url), {
        requestInit: clientToken ? { headers: { authorization: `Bearer ${clientToken}` } } : {},
      });
      const client = new Client({ name, version: '1.0.0' });
      await client.connect(transport);
      clients.push(client);
      return client;
    },
    stop: async () => {
      await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
      if (child.exitCode === null) child.kill('SIGTERM');
      await waitForExit(child.pid!, 10_000).catch(() => undefined);
      if (!options.sandbox) sandbox.remove();
    },
  };
}

export async function callJson<T = Record<string, unknown>>(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<T> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  return result.structuredContent as T;
}
