// Stdio attach: this process relays its client's MCP messages to the running gateway's control socket.
import { JSON_RPC_CODES } from '../errors/index.js';
import { StreamableHTTPClientTransport, SdkHttpError } from '@modelcontextprotocol/client';
import type { JSONRPCMessage, JSONRPCRequest } from '@modelcontextprotocol/client';
import { createSocketFetch } from '../control/socket-fetch.js';
import type { Logger } from '../log/logger.js';
import { InFlightRequests } from './in-flight-requests.js';
import { StdioServerTransport } from './stdio-server-transport.js';

export interface AttachBridgeOptions {
  socketPath: string;
  logger: Logger;
  /** Called once when the bridge ends: the client closed stdin, or the gateway became unreachable. */
  onClose: (reason: string) => void;
  /**
   * The gateway went away (its own client killed it): find or become the next one, and return the control
   * socket to use. Without it, the bridge ends when the gateway is unreachable.
   */
  recover?: () => Promise<string>;
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
}

const REINIT_ID_PREFIX = 'toolgate-reinitialize-';

/**
 * Messages are relayed as they are: the client talks to the gateway's own session, so names, progress,
 * cancellation and list_changed behave exactly as over direct stdio. When the gateway expired the session
 * (404), the bridge replays the client's initialize once, quietly, and resends the message.
 */
export async function runAttachBridge(options: AttachBridgeOptions): Promise<{ close(): Promise<void> }> {
  // A call in flight when the gateway dies would otherwise wait for the client's own timeout.
  const inFlight = new InFlightRequests((id) => {
    options.logger.warn({ id }, 'the gateway went away before answering a call');
    void stdio.send({
      jsonrpc: '2.0',
      id,
      error: {
        code: JSON_RPC_CODES.SERVER_ERROR,
        message:
          'The shared toolgate gateway stopped before answering this call; it may or may not have taken effect. Call again: the next call reaches a new gateway.',
      },
    });
  });
  let fetch = inFlight.watch(createSocketFetch(options.socketPath));
  let recovering: Promise<void> | undefined;
  let reinitializing: Promise<void> | undefined;
  const stdio = new StdioServerTransport({
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(options.stdout ? { stdout: options.stdout } : {}),
    onGarbageLine: (line) =>
      options.logger.warn({ line: line.slice(0, 200) }, 'skipped a client line that is not JSON-RPC'),
  });
  let initialize: JSONRPCRequest | undefined;
  // The gateway names the session in its answer to initialize; a message sent before that answer has no
  // session to go to, so (as over direct stdio, where one stream keeps the order) later messages wait for it.
  let sessionReady: Promise<void> | undefined;
  let reinitCount = 0;
  let closed = false;
  let remote = connect();

  function connect(): StreamableHTTPClientTransport {
    const transport = new StreamableHTTPClientTransport(new URL('http://localhost/mcp'), { fetch });
    transport.onmessage = (message) => {
      // The answer to a replayed initialize is ours, not the client's.
      if ('id' in message && typeof message.id === 'string' && message.id.startsWith(REINIT_ID_PREFIX)) return;
      inFlight.answered(message);
      void stdio.send(message);
    };
    transport.onerror = (error) => options.logger.debug({ err: error.message }, 'attach stream error');
    void transport.start();
    return transport;
  }

  async function reinitialize(): Promise<void> {
    await remote.close().catch(() => undefined);
    remote = connect();
    reinitCount += 1;
    await remote.send({ ...initialize!, id: `${REINIT_ID_PREFIX}${reinitCount}` });
    await remote.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  }

  async function relay(message: JSONRPCMessage): Promise<void> {
    if ('method' in message && message.method === 'initialize' && 'id' in message) {
      initialize = message as JSONRPCRequest;
      inFlight.sent(message);
      const sending = remote.send(message);
      sessionReady = sending.catch(() => undefined);
      return sending;
    }
    await sessionReady;
    inFlight.sent(message);
    try {
      await remote.send(message);
    } catch (error) {
      if (error instanceof SdkHttpError && error.status === 404 && initialize && message !== initialize) {
        options.logger.info({}, 'the gateway expired this session; initializing again');
        // Concurrent messages that met the 404 share one new session.
        reinitializing ??= reinitialize().finally(() => (reinitializing = undefined));
        await reinitializing;
        return void (await remote.send(message));
      }
      if (!(error instanceof SdkHttpError) && options.recover && initialize && message !== initialize && !closed) {
        // Every message that failed meanwhile waits for the one recovery, then is sent again.
        recovering ??= (async () => {
          options.logger.warn({ err: (error as Error).message }, 'the gateway is gone; recovering');
          fetch = inFlight.watch(createSocketFetch(await options.recover!()));
          await reinitialize();
        })().finally(() => (recovering = undefined));
        await recovering;
        return void (await remote.send(message));
      }
      throw error;
    }
  }

  const close = async (reason: string) => {
    if (closed) return;
    closed = true;
    await remote.terminateSession().catch(() => undefined);
    await remote.close().catch(() => undefined);
    await stdio.close();
    options.onClose(reason);
  };

  stdio.onmessage = (message) => {
    relay(message).catch((error: unknown) => {
      const text = (error as Error).message;
      options.logger.warn({ err: text }, 'could not relay a message to the running gateway');
      if ('id' in message && 'method' in message) {
        void stdio.send({
          jsonrpc: '2.0',
          id: message.id,
          error: { code: JSON_RPC_CODES.SERVER_ERROR, message: relayFailure(error, options.socketPath) },
        });
      }
      if (!(error instanceof SdkHttpError)) void close('gateway unreachable');
    });
  };
  stdio.onclose = () => void close('stdin closed');
  await stdio.start();
  return { close: () => close('closed') };
}

/**
 * What the client reads when a message could not be relayed. An HTTP answer means the gateway is up and
 * refused this one message (the bridge stays); anything else means it is gone and could not be replaced
 * (the bridge ends), which is the one case where the client has to start toolgate again.
 */
function relayFailure(error: unknown, socketPath: string): string {
  const text = (error as Error).message.slice(0, 300);
  if (error instanceof SdkHttpError)
    return `The shared toolgate gateway refused this request (${text}); nothing was run. This connection stays open: send the request again once its cause is fixed, and see \`toolgate logs\` for the gateway's side.`;
  return `The shared toolgate gateway on ${socketPath} could not be reached (${text}), and no new one could be started in its place; this toolgate process is ending. Run \`toolgate doctor\` to see why, then reconnect toolgate in your client (it starts a new gateway).`;
}
