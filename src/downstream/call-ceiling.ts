// The hard ceiling on one downstream call (policy timeouts.max_ms), progress or not.
import { SdkError, SdkErrorCode } from '@modelcontextprotocol/client';

export interface CallCeiling {
  /** Aborted by the caller's own signal, or with a RequestTimeout SdkError when the ceiling passes. */
  signal: AbortSignal;
  dispose(): void;
}

/**
 * The SDK's maxTotalTimeout is only checked when progress arrives, and when it trips it fails the call
 * without telling the server (its idle timer sends the cancel up to one timeout later). Aborting the
 * request's signal instead makes the SDK send `notifications/cancelled` at once.
 */
export function startCeiling(remainingMs: number, callerSignal: AbortSignal | undefined): CallCeiling {
  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  // An SdkError, not a GatewayError: the SDK rejects the request with the abort reason only when it is an SdkError
  // (it wraps anything else), and server-connection.ts knows the ceiling by that very object. It never reaches the wire.
  const timer = setTimeout(
    () =>
      controller.abort(
        new SdkError(SdkErrorCode.RequestTimeout, 'The call passed its time ceiling (policy timeouts.max_ms).'),
      ),
    Math.max(1, remainingMs),
  );
  timer.unref();
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}
