// How a downstream failure is explained: exit facts, start failures and call errors, as GatewayErrors.
import { ProtocolError, SdkError, SdkErrorCode } from '@modelcontextprotocol/client';
import type { Transport } from '@modelcontextprotocol/client';
import { GatewayError, countOf } from '../errors/index.js';
import { createSecretTextRedactor } from '../redaction/index.js';
import { ChildProcessTransport } from './child-process-transport.js';
import { isNotDelivered } from './delivery-error.js';

/** How many stderr lines a message quotes (health keeps the whole tail). */
export const STDERR_LINES_IN_MESSAGE = 3;

export interface ServerFailure {
  message: string;
  at: string;
  exitCode?: number | null;
  signal?: string | null;
  stderr?: string[];
  /** Consecutive failures, and when the next start may begin (bounded exponential backoff). */
  failures?: number;
  nextRetryAt?: string;
}

export type ExitFacts = Omit<ServerFailure, 'message' | 'at'> & { closeReason?: string };

/** A stderr line quoted in an error, health or status is cut to this many characters. */
export const MAX_REPORTED_STDERR_LINE_CHARS = 400;

/**
 * What the transport knows about why the connection ended (only child processes know much). The stderr
 * tail is the child's own words, shown to the user and the model: each line is cut short, and credentials
 * in it (the server's own secrets, and anything shaped like a token or key) are masked.
 */
export function exitFactsOf(transport: Transport | undefined, knownSecrets: readonly string[] = []): ExitFacts {
  if (!(transport instanceof ChildProcessTransport)) return {};
  const exit = transport.exit;
  const raw = transport.recentStderr;
  const redact = raw.length ? createSecretTextRedactor(knownSecrets) : (text: string) => text;
  const stderr = raw.map((line) => shorten(redact(line)));
  return {
    ...(exit ? { exitCode: exit.code, signal: exit.signal } : {}),
    ...(stderr.length ? { stderr } : {}),
    ...(transport.closeReason ? { closeReason: transport.closeReason } : {}),
  };
}

function shorten(line: string): string {
  return line.length > MAX_REPORTED_STDERR_LINE_CHARS ? `${line.slice(0, MAX_REPORTED_STDERR_LINE_CHARS)}…` : line;
}

/** "exited with code 3", "was killed by SIGKILL", or the reason the gateway closed it. */
export function describeExit(facts: ExitFacts): string {
  if (facts.closeReason) return `${facts.closeReason} and was disconnected`;
  if (facts.signal) return `was killed by ${facts.signal}`;
  if (facts.exitCode !== undefined && facts.exitCode !== null) return `exited with code ${facts.exitCode}`;
  return 'closed the connection';
}

export function stderrSuffix(facts: ExitFacts): string {
  return facts.stderr?.length ? ` Last stderr: ${facts.stderr.slice(-STDERR_LINES_IN_MESSAGE).join(' | ')}` : '';
}

export interface CallErrorContext {
  server: string;
  tool: string;
  signal?: AbortSignal;
  timeoutMs: number;
  maxTotalMs?: number;
  elapsedMs: number;
  facts: ExitFacts;
  /** The SDK's own timer (or the call ceiling) fired: see isLocalTimeout. */
  timedOut: boolean;
  /** The connection really ended (the client was closed or replaced), not just a server's error with code -32000. */
  connectionLost: boolean;
}

/**
 * The SDK reports its own timeouts as a local SdkError (RequestTimeout), never as a server's JSON-RPC error; the
 * call ceiling and an abort reach the same code, and only the SDK's timer sets `data.timeout`. `expectedMs` (the
 * timeout we asked for) narrows it further when known.
 */
export function isLocalTimeout(error: unknown, expectedMs?: number): boolean {
  if (!(error instanceof SdkError) || error.code !== SdkErrorCode.RequestTimeout) return false;
  const timeout = (error.data as { timeout?: unknown } | undefined)?.timeout;
  return typeof timeout === 'number' && (expectedMs === undefined || timeout === expectedMs);
}

/** One downstream call error as the caller sees it: cancelled, timed out, server gone, or rejected. */
export function translateCallError(error: unknown, context: CallErrorContext): GatewayError {
  const id = `${context.server}::${context.tool}`;
  // The SDK reports a caller's abort with the same code as a timeout; the signal tells them apart.
  if (context.signal?.aborted) {
    const reason: unknown = context.signal.reason;
    if (reason instanceof GatewayError) return reason;
    return new GatewayError('CANCELLED', `${id} was cancelled; the downstream server was notified.`, {
      cause: error,
      details: { tool_id: id },
    });
  }
  if (error instanceof GatewayError) return error;
  if (context.timedOut) {
    const { timeoutMs, maxTotalMs, elapsedMs } = context;
    const limit =
      maxTotalMs !== undefined && elapsedMs >= maxTotalMs
        ? `the ${maxTotalMs} ms ceiling`
        : `${timeoutMs} ms without progress`;
    return new GatewayError(
      'DOWNSTREAM_TIMEOUT',
      `${id} did not finish within ${limit} (${elapsedMs} ms elapsed); the call was cancelled downstream.`,
      {
        hint: 'Retry with a larger timeout_ms (capped by policy timeouts.max_ms), or narrow the request.',
        cause: error,
        details: {
          elapsed_ms: elapsedMs,
          timeout_ms: timeoutMs,
          ...(maxTotalMs === undefined ? {} : { max_ms: maxTotalMs }),
        },
      },
    );
  }
  if (context.connectionLost) {
    return new GatewayError(
      'DOWNSTREAM_UNAVAILABLE',
      `Server "${context.server}" ${describeExit(context.facts)} while ${id} was running.${stderrSuffix(context.facts)}`,
      {
        hint: 'The call may or may not have taken effect (it was not retried). The server restarts on next use; see gateway_health.',
        cause: error,
        details: { elapsed_ms: context.elapsedMs },
      },
    );
  }
  if (error instanceof ProtocolError) {
    return new GatewayError(
      'DOWNSTREAM_ERROR',
      `${id} failed with JSON-RPC error ${error.code}: ${downstreamMessage(error)}`,
      {
        hint: 'The downstream server rejected the call; check the arguments against `gateway.describe`.',
        cause: error,
        details: { downstream_code: error.code, downstream_message: downstreamMessage(error) },
      },
    );
  }
  return new GatewayError(
    'DOWNSTREAM_ERROR',
    `${id} failed: ${error instanceof Error ? error.message : String(error)}`,
    { cause: error },
  );
}

/**
 * The server's own text. A server built on the v1 SDK sends its message with v1's "MCP error <code>: " prefix
 * (its McpError baked it in), and a v1-era text can carry it twice; v2's ProtocolError adds none. Stripped either way.
 */
export function downstreamMessage(error: ProtocolError): string {
  return withoutMcpPrefix(error.message);
}

/** A server's JSON-RPC error text without the "MCP error <code>: " a v1-SDK server puts in front of it. */
export function withoutMcpPrefix(message: string): string {
  return message.replace(/^(?:MCP error -?\d+: )+/, '');
}

/** Why a start failed: it exited, it did not answer initialize in time, or it could not be reached. */
export function describeStartFailure(
  server: string,
  error: unknown,
  facts: ExitFacts,
  timeoutMs: number,
  url?: string,
): { code: 'DOWNSTREAM_UNAVAILABLE' | 'DOWNSTREAM_TIMEOUT'; message: string } {
  let code: 'DOWNSTREAM_UNAVAILABLE' | 'DOWNSTREAM_TIMEOUT' = 'DOWNSTREAM_UNAVAILABLE';
  let message: string;
  // A write the child never read says less than its exit, when that is known.
  if (error instanceof GatewayError && !(isNotDelivered(error) && facts.exitCode !== undefined))
    message = `Server "${server}" could not start: ${error.message}`;
  else if (facts.exitCode !== undefined || facts.closeReason)
    message = `Server "${server}" ${describeExit(facts)} during start-up.`;
  else if (isLocalTimeout(error, timeoutMs)) {
    code = 'DOWNSTREAM_TIMEOUT';
    message = `Server "${server}" did not answer initialize within ${timeoutMs} ms.`;
  } else if (url !== undefined)
    message = `Server "${server}" at ${url} could not be connected: ${networkFailure(error)}.`;
  else message = `Server "${server}" could not be connected: ${(error as Error)?.message ?? String(error)}`;
  return { code, message: message + stderrSuffix(facts) };
}

/** What common network error codes mean, in the user's terms. */
const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening there (is the server running, on that port?)',
  ENOTFOUND: 'the host name does not resolve (check its spelling, or the DNS and VPN)',
  EAI_AGAIN: 'the host name could not be resolved right now (DNS)',
  ETIMEDOUT: 'the connection timed out (a firewall or proxy may be dropping it)',
  ECONNRESET: 'the connection was reset by the other side or a proxy',
  EHOSTUNREACH: 'the host is unreachable from here',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'its TLS certificate is signed by an authority this machine does not trust (set NODE_EXTRA_CA_CERTS to your CA file)',
  SELF_SIGNED_CERT_IN_CHAIN:
    'its TLS certificate chain has a self-signed certificate (set NODE_EXTRA_CA_CERTS to your CA file)',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it uses a self-signed TLS certificate (set NODE_EXTRA_CA_CERTS to trust it)',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another host name',
};

/**
 * Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, a certificate problem, ...) is in its
 * cause chain. Returns the code with what it means, or the deepest message found.
 */
export function networkFailure(error: unknown): string {
  let deepest = error instanceof Error ? error.message : String(error);
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES[code]) return `${code}, ${NETWORK_CODES[code]}`;
    if (typeof code === 'string') deepest = `${code}: ${current.message}`;
    else deepest = current.message;
    current = current.cause;
  }
  return deepest;
}

/** The error a failed start throws: what happened, and where to look. */
export function startFailureError(
  entry: { name: string; source: string; url?: string },
  error: unknown,
  facts: ExitFacts,
  timeoutMs: number,
): GatewayError {
  const { code, message } = describeStartFailure(entry.name, error, facts, timeoutMs, entry.url);
  return new GatewayError(code, message, {
    hint:
      entry.url === undefined
        ? `Check the "${entry.name}" entry in ${entry.source} (command, args, env); its stderr is logged in TOOLGATE_HOME/logs/toolgate.jsonl.`
        : `Check that the server at ${entry.url} is up and reachable from this machine, or fix its "url" (and "headers") in the "${entry.name}" entry of ${entry.source}.`,
    cause: error,
    details: { server: entry.name, ...(facts.stderr?.length ? { stderr: facts.stderr.slice(-5) } : {}) },
  });
}

/** A call to a server still inside its restart backoff: the last failure, and when the next start may begin. */
export function backingOffError(
  server: string,
  failure: ServerFailure | undefined,
  waitMs: number,
  failures: number,
): GatewayError {
  const last = failure?.message ?? `Server "${server}" failed.`;
  const at = new Date(Date.now() + waitMs).toISOString();
  return new GatewayError(
    'DOWNSTREAM_UNAVAILABLE',
    `${last} It restarts no sooner than ${at} (in ${Math.ceil(waitMs / 1000)} s; backoff after ${countOf(failures, 'failure')} in a row).`,
    {
      hint: 'Retry after that time, or fix the cause and call gateway_refresh with this server to restart it now.',
      details: { server, retry_in_ms: waitMs },
    },
  );
}

export function unavailableError(server: string, state: 'is shutting down' | 'is not connected'): GatewayError {
  return new GatewayError('DOWNSTREAM_UNAVAILABLE', `Server "${server}" ${state}.`, {
    hint: state === 'is shutting down' ? 'Retry in a moment.' : 'Retry; it restarts on next use.',
  });
}
