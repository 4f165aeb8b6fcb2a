// Stage 4: registers the call as pending, so that gateway.cancel and a session's end can stop it.
import { defineStage, type ReceivedCall, type Stage, type Tracked } from '../call-chain.js';

/** One registered call: its signal aborts on the caller's cancellation or on gateway.cancel; end() must always run. */
export interface PendingHandle {
  signal: AbortSignal;
  markRunning(): void;
  end(): void;
}

/** Where a way in keeps its calls in flight (the gateway's PendingCalls, wrap's calls by request id); `begin` may refuse one by throwing. */
export interface PendingRegistry<C extends ReceivedCall = ReceivedCall> {
  begin(call: C): PendingHandle;
}

/**
 * The rest of the chain sees a signal that aborts on the caller's cancellation or on gateway.cancel; the
 * downstream request then gets notifications/cancelled. The caller is answered at once with CANCELLED, even
 * while the server is still starting.
 */
export function trackPending<Needs extends ReceivedCall>(pending: PendingRegistry<Needs>): Stage<Needs, Tracked> {
  return defineStage<Needs, Tracked>('track-pending', async (call, next) => {
    const handle = pending.begin(call);
    try {
      return await untilAborted(
        next({ ...call, context: { ...call.context, signal: handle.signal }, onForward: handle.markRunning }),
        handle.signal,
      );
    } finally {
      handle.end();
    }
  });
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
