// The client's tools/call requests in flight through the proxy, by request id, and the ids whose answer is no longer wanted.
import { idKey, type RequestId } from './json-rpc-shapes.js';

/** Ids of requests cancelled or answered by toolgate (a timeout) whose late answer from the server is dropped; the oldest are forgotten past this. */
export const MAX_EXPIRED_IDS = 1_000;

export interface TrackedCall {
  id: RequestId;
  /** `<name>::<tool>`. */
  toolId: string;
  /** checking: at the stages (maybe waiting for the user's approval); forwarded: the server has it. */
  phase: 'checking' | 'forwarded';
  /** The call's signal: aborted when the client cancels it or the server stops. */
  abort: AbortController;
  /** The client cancelled it: it gets no answer (MCP: a cancelled request is not answered). */
  cancelled: boolean;
}

export class CallTracker {
  private readonly calls = new Map<string, TrackedCall>();
  private readonly expired = new Set<string>();

  track(call: TrackedCall): void {
    this.calls.set(idKey(call.id), call);
  }

  get(id: RequestId): TrackedCall | undefined {
    return this.calls.get(idKey(id));
  }

  /** Stops tracking `call` (when it is still the one under its id). */
  untrack(call: TrackedCall): void {
    const key = idKey(call.id);
    if (this.calls.get(key) === call) this.calls.delete(key);
  }

  /** The answer to `id` is no longer wanted: the next response with that id is dropped. */
  expire(id: RequestId): void {
    const key = idKey(id);
    this.expired.add(key);
    if (this.expired.size > MAX_EXPIRED_IDS) {
      const oldest = this.expired.values().next().value;
      if (oldest !== undefined) this.expired.delete(oldest);
    }
  }

  /** Whether a late answer to `id` may still come (the proxy refuses a new request under it meanwhile). */
  isExpired(id: RequestId): boolean {
    return this.expired.has(idKey(id));
  }

  /** True (once) when a response with this id is a late answer to drop. */
  takeExpired(id: RequestId): boolean {
    return this.expired.delete(idKey(id));
  }

  /** Every call in flight, oldest first. */
  all(): TrackedCall[] {
    return [...this.calls.values()];
  }

  get size(): number {
    return this.calls.size;
  }
}
