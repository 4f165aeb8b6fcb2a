// A request that provably never reached the server: the one failure that is always safe to retry.
import { GatewayError } from '../errors/index.js';

export class NotDeliveredError extends GatewayError {
  constructor(message: string, cause?: unknown) {
    super('DOWNSTREAM_UNAVAILABLE', message, {
      hint: 'Retry; the server restarts on next use.',
      ...(cause === undefined ? {} : { cause }),
    });
    this.name = 'NotDeliveredError';
  }
}

/** A send that failed before any byte left: our own stdio refusal, or a refused TCP connection. */
export function isNotDelivered(error: unknown): boolean {
  if (error instanceof NotDeliveredError) return true;
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return error instanceof TypeError && cause?.code === 'ECONNREFUSED';
}
