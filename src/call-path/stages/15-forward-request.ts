// The last step of a flat prompt, resource or completion request: the request itself, to the server routing chose.
import { ProtocolError } from '@modelcontextprotocol/server';
import { downstreamMessage } from '../../downstream/connection-errors.js';
import { GatewayError } from '../../errors/index.js';
import type { CallHandler, Timed } from '../call-chain.js';
import { PASSTHROUGH_SCHEMAS, type PassthroughAnswer, type PassthroughCall, type Routed } from '../passthrough-call.js';

/**
 * The request's params with the target as the server names it (a listed prompt name may carry a server
 * prefix). A server's own JSON-RPC error becomes DOWNSTREAM_ERROR keeping its code, for the edge to pass on.
 */
export function forwardRequest(): CallHandler<PassthroughCall & Routed & Timed, PassthroughAnswer> {
  return async (call) => {
    const { signal, relay } = call.context;
    try {
      return await call.connection.forward(call.method, downstreamParams(call), PASSTHROUGH_SCHEMAS[call.method], {
        timeoutMs: call.timeoutMs,
        signal,
        ...(relay ? { relay } : {}),
      });
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      const message = downstreamMessage(error);
      throw new GatewayError('DOWNSTREAM_ERROR', message, {
        cause: error,
        details: {
          server: call.server,
          downstream_code: error.code,
          downstream_message: message,
          downstream_data: error.data,
        },
      });
    }
  };
}

function downstreamParams(call: PassthroughCall & Routed): Record<string, unknown> {
  const params = call.arguments;
  if (call.method === 'prompts/get') return { ...params, name: call.tool };
  if (call.method === 'completion/complete') {
    const ref = params.ref as { type?: unknown } | undefined;
    return ref?.type === 'ref/prompt' ? { ...params, ref: { ...ref, name: call.tool } } : params;
  }
  return { ...params, uri: call.tool };
}
