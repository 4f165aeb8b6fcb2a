// Plain JSON requests to the running gateway's control socket (status, refresh).
import { createSocketFetch } from './socket-fetch.js';
import type { RunningGateway } from './locate-gateway.js';
import { ERROR_CODES, GatewayError, type ErrorCode } from '../errors/index.js';

/** The control socket is local: a gateway that does not answer within this is stuck. */
export const CONTROL_REQUEST_TIMEOUT_MS = 10_000;

export async function controlRequest(
  running: RunningGateway,
  method: 'GET' | 'POST',
  path: string,
  timeoutMs = CONTROL_REQUEST_TIMEOUT_MS,
): Promise<unknown> {
  const fetch = createSocketFetch(running.socketPath);
  let response: Response;
  try {
    response = await fetch(`http://localhost${path}`, { method, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new GatewayError(
      'GATEWAY_NOT_RUNNING',
      `The gateway (pid ${running.owner.pid}) did not answer on ${running.socketPath}: ${(error as Error).message}`,
      {
        hint: 'Check `toolgate logs`; if it is stuck, stop it and start your client again.',
        cause: error,
      },
    );
  }
  const text = await response.text();
  if (!response.ok) {
    const failure = parseError(text);
    if (failure) throw new GatewayError(failure.code, failure.message, failure.hint ? { hint: failure.hint } : {});
    throw new GatewayError(
      'INTERNAL',
      `The gateway answered ${path} with HTTP ${response.status}: ${text.slice(0, 300)}`,
      { hint: 'See `toolgate logs`.' },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // Another program listening on the socket path, or a gateway of an incompatible version.
    throw new GatewayError(
      'INTERNAL',
      `The gateway answered ${path} with something that is not JSON: ${text.slice(0, 120)}`,
      { hint: 'See `toolgate logs`; check that the process holding the lock is toolgate.', cause: error },
    );
  }
}

function parseError(text: string): { code: ErrorCode; message: string; hint?: string } | undefined {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; hint?: string } };
    const code = body.error?.code;
    if (!code || !body.error?.message || !(ERROR_CODES as readonly string[]).includes(code)) return undefined;
    return {
      code: code as ErrorCode,
      message: body.error.message,
      ...(body.error.hint ? { hint: body.error.hint } : {}),
    };
  } catch {
    return undefined;
  }
}
