// The last step of a gateway call: the downstream request itself, with progress, relayed requests and cancellation passed through.
import type { ServerConnection } from '../../downstream/server-connection.js';
import type { CallHandler, Found, ReceivedCall, Resolved, Timed, Tracked } from '../call-chain.js';

/** What the gateway's find-tool stage adds next to the definition: the pool's connection to the server. */
export interface Connected {
  connection: ServerConnection;
}

export function forwardCall(): CallHandler<ReceivedCall & Resolved & Tracked & Found & Connected & Timed> {
  return (call) => {
    const { signal, sendProgress, relay } = call.context;
    call.onForward();
    return call.connection.callTool(
      { name: call.tool, arguments: call.arguments },
      {
        signal,
        timeoutMs: call.timeoutMs,
        maxTotalMs: call.maxTotalMs,
        ...(sendProgress ? { onProgress: sendProgress } : {}),
        ...(relay ? { relay } : {}),
      },
    );
  };
}
