// When a failed call may be sent again on a fresh connection: only when that cannot repeat an effect.
import { isNotDelivered } from './delivery-error.js';
import { SdkHttpError } from '@modelcontextprotocol/client';
import type { JsonObject } from './downstream-tool.js';

export type RetryReason = 'not delivered' | 'session expired' | 'server died; the tool is read-only or idempotent';

/**
 * `connectionLost` must mean the connection really ended: a server may answer with -32000 (the SDK's own
 * "connection closed" code) for its own reasons, and such a call reached it and must not be repeated.
 */
export function retryReasonOf(
  error: unknown,
  connectionLost: boolean,
  annotations: JsonObject | undefined,
): RetryReason | undefined {
  if (isNotDelivered(error)) return 'not delivered';
  if (error instanceof SdkHttpError && error.status === 404) return 'session expired';
  if (connectionLost && (annotations?.readOnlyHint === true || annotations?.idempotentHint === true))
    return 'server died; the tool is read-only or idempotent';
  return undefined;
}
