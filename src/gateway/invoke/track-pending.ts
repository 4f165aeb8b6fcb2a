// The invoke middleware that registers each call as pending, so gateway.cancel and a session's end can stop it.
import type { PendingCalls } from '../pending-calls.js';
import type { InvokeMiddleware } from './invoke-pipeline.js';

/**
 * The rest of the pipeline sees a signal that aborts on the caller's cancellation or on gateway.cancel; the
 * downstream request then gets notifications/cancelled. The caller is answered at once with CANCELLED, even
 * while the server is still starting.
 */
export function trackPending(pending: PendingCalls): InvokeMiddleware {
  return (next) => async (call) => {
    const handle = pending.begin(call.context.sessionId, call.toolId, call.context.signal);
    try {
      return await untilAborted(next({ ...call, context: { ...call.context, signal: handle.signal }, onForward: handle.markRunning }), handle.signal);
    } finally {
      handle.end();
    }
  };
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener('abort', onAbort as () => void));
}
