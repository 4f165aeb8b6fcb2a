// The CLI's way into the engine: an MCP client of the running gateway, or of a short-lived one in-process.
import os from 'node:os';
import { Client, StreamableHTTPClientTransport, InMemoryTransport } from '@modelcontextprotocol/client';
import type { CallToolResult, Progress } from '@modelcontextprotocol/client';
import { z } from 'zod';
import { createGatewayApp } from '../app/create-gateway-app.js';
import { toolgateVersion } from '../app/version.js';
import { resolvePaths } from '../config/paths.js';
import { CLI_ROUTE } from '../control/control-socket.js';
import { locateRunningGateway } from '../control/locate-gateway.js';
import { createSocketFetch } from '../control/socket-fetch.js';
import { CLI_CLIENT_NAME } from '../upstream/session-server.js';
import { appOptions, type ServeOptions } from '../app/serve-options.js';

// Loose, so every field a client would receive is kept (doctor counts their tokens).
const RAW_TOOLS_LIST = z.looseObject({ tools: z.array(z.looseObject({ name: z.string() })) });

/** How long one CLI call may take before it gives up (a downstream start plus the call itself). */
export const DEFAULT_CLI_CALL_TIMEOUT_MS = 120_000;

export interface GatewayClient {
  /** 'running' when talking to the user's gateway over its control socket; 'in-process' otherwise. */
  via: 'running' | 'in-process';
  /** `onProgress` asks for the tool's progress notifications (provision and update_server send them). */
  callMetaTool(
    name: string,
    args: Record<string, unknown>,
    timeoutMs?: number,
    onProgress?: (progress: Progress) => void,
  ): Promise<CallToolResult>;
  /** The tools/list a client receives (underscore style), with every field kept. */
  listTools(): Promise<{ tools: Array<{ name: string } & Record<string, unknown>> }>;
  close(): Promise<void>;
}

/**
 * Same meta-tools, same validation, same results either way: the in-process engine is served through an
 * in-memory MCP session, so the CLI never takes a code path a model's call does not take. The in-process
 * engine takes no lock: a gateway may start beside it, and it ends with the command.
 */
export async function connectGateway(options: ServeOptions): Promise<GatewayClient> {
  const client = new Client({ name: CLI_CLIENT_NAME, version: toolgateVersion() });
  const running = await locateRunningGateway(resolvePaths(process.env, os.homedir()).lockDir);
  let closeEngine = async () => undefined as void;
  if (running) {
    // /cli, not /mcp: only there, on the owner's socket, does a session get the meta-tools in any exposure.
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`http://localhost${CLI_ROUTE}`), {
        fetch: createSocketFetch(running.socketPath),
      }),
    );
  } else {
    const app = await createGatewayApp({ ...appOptions(options, 'stdio'), takeLock: false });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const server = app.createSessionServer(`cli-${process.pid}`, app.logger, { cli: true });
    await server.connect(serverSide);
    await client.connect(clientSide);
    closeEngine = async () => {
      await server.close();
      await app.close();
    };
  }
  return {
    via: running ? 'running' : 'in-process',
    callMetaTool: async (name, args, timeoutMs = DEFAULT_CLI_CALL_TIMEOUT_MS, onProgress) =>
      // An idle timeout like the gateway's own: each progress notification restarts it.
      (await client.callTool(
        { name: `gateway_${name}`, arguments: args },
        {
          timeout: timeoutMs,
          resetTimeoutOnProgress: true,
          onprogress: onProgress ?? (() => undefined),
        },
      )) as CallToolResult,
    listTools: () => client.request({ method: 'tools/list', params: {} }, RAW_TOOLS_LIST),
    close: async () => {
      if (running) {
        const transport = client.transport as StreamableHTTPClientTransport | undefined;
        await transport?.terminateSession().catch(() => undefined);
      }
      await client.close().catch(() => undefined);
      await closeEngine();
    },
  };
}
