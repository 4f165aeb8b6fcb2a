// The client's tools/call requests in flight through the proxy, by request id, and the ids whose answer is no longer wanted.
import type { GateOutcome } from '../gates/gate-types.js';
import { idKey, type RequestId } from './json-rpc-shapes.js';

/** Ids of requests cancelled or answered by toolgate (a timeout) whose late answer from the server is dropped; the oldest are forgotten past this. */
export const MAX_EXPIRED_IDS = 1_000;

export interface TrackedCall {
  id: RequestId;
  /** `<name>::<tool>`. */
  toolId: string;
  tool: string;
  arguments: unknown;
  requestBytes: number;
  /** performance.now() when the request arrived. */
  started: number;
  /** Every gate's outcome so far, request side then response side. */
  gates: GateOutcome[];
  /** checking: at the gates (maybe waiting for the user's approval); forwarded: the server has it. */
  phase: 'checking' | 'forwarded';
  /** Aborts an approval question still open when the call is cancelled. */
  abort: AbortController;
  timer?: NodeJS.Timeout;
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

  /** Stops tracking the call (its timer too) and hands it back; undefined when it is not tracked. */
  take(id: RequestId): TrackedCall | undefined {
    const key = idKey(id);
    const call = this.calls.get(key);
    if (!call) return undefined;
    this.calls.delete(key);
    if (call.timer) clearTimeout(call.timer);
    return call;
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

  /** Every call still in flight, tracking stopped (the server is gone). */
  takeAll(): TrackedCall[] {
    const all = [...this.calls.values()];
    for (const call of all) this.take(call.id);
    return all;
  }

  get size(): number {
    return this.calls.size;
  }
}
