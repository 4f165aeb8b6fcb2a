// The last step of a gateway call: the downstream request itself, with progress, relayed requests and cancellation passed through.
import type { CallHandler, Found, ReceivedCall, Resolved, Timed, Tracked } from '../call-chain.js';

export function forwardCall(): CallHandler<ReceivedCall & Resolved & Tracked & Found & Timed> {
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
