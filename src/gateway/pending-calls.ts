// In-flight invocations, owned by the upstream session that made them: listed and cancelled per session only.
import { randomBytes } from 'node:crypto';
import type { PendingRegistry } from '../call-path/stages/04-track-pending.js';
import { GatewayError } from '../errors/index.js';

export type PendingState = 'starting' | 'running' | 'cancelling';

export interface PendingCallInfo {
  id: string;
  tool_id: string;
  elapsed_ms: number;
  state: PendingState;
}

/** One tracked call: its signal aborts on caller cancellation or gateway.cancel; end() must always run. */
export interface PendingCall {
  readonly id: string;
  readonly signal: AbortSignal;
  /** The request is being sent downstream (the server is up and the arguments passed). */
  markRunning(): void;
  end(): void;
}

interface Entry {
  id: string;
  sessionId: string;
  toolId: string;
  startedAt: number;
  state: PendingState;
  controller: AbortController;
}

export class PendingCalls {
  private readonly calls = new Map<string, Entry>();

  get size(): number {
    return this.calls.size;
  }

  /** What the call path's track-pending stage registers with: each call under its session, the caller's signal passed on. */
  readonly registry: PendingRegistry = {
    begin: (call) => this.begin(call.context.sessionId, call.toolId, call.context.signal),
  };

  /** Tracks a call; `upstream` is the caller's own signal (its cancellation travels on). */
  begin(sessionId: string, toolId: string, upstream?: AbortSignal): PendingCall {
    const entry: Entry = {
      id: newId(),
      sessionId,
      toolId,
      startedAt: performance.now(),
      state: 'starting',
      controller: new AbortController(),
    };
    this.calls.set(entry.id, entry);
    const onUpstreamAbort = () => this.abort(entry, 'by the caller');
    if (upstream?.aborted) onUpstreamAbort();
    else upstream?.addEventListener('abort', onUpstreamAbort, { once: true });
    return {
      id: entry.id,
      signal: entry.controller.signal,
      markRunning: () => {
        if (entry.state === 'starting') entry.state = 'running';
      },
      end: () => {
        upstream?.removeEventListener('abort', onUpstreamAbort);
        this.calls.delete(entry.id);
      },
    };
  }

  /** The session's own calls, oldest first. */
  list(sessionId: string, now = performance.now()): PendingCallInfo[] {
    return [...this.calls.values()].filter((entry) => entry.sessionId === sessionId).map((entry) => info(entry, now));
  }

  /** Cancels one call of this session; another session's id is answered as unknown. */
  cancel(sessionId: string, id: string): PendingCallInfo {
    const entry = this.calls.get(id);
    if (!entry || entry.sessionId !== sessionId) {
      throw new GatewayError('CALL_NOT_FOUND', `No call "${id.slice(0, 64)}" is in flight in this session.`, {
        hint: 'It may have finished already; gateway_list_pending shows the calls still running.',
      });
    }
    this.abort(entry, 'with gateway.cancel');
    return info(entry);
  }

  /** For the HTTP service when a session ends: cancels every call it still has in flight. Returns how many. */
  cancelSession(sessionId: string): number {
    let count = 0;
    for (const entry of this.calls.values()) {
      if (entry.sessionId !== sessionId) continue;
      this.abort(entry, 'because its session ended');
      count += 1;
    }
    return count;
  }

  private abort(entry: Entry, how: string): void {
    if (entry.controller.signal.aborted) return;
    const reached = entry.state === 'running';
    entry.state = 'cancelling';
    const elapsed = Math.round(performance.now() - entry.startedAt);
    const message = reached
      ? `${entry.toolId} was cancelled ${how} after ${elapsed} ms; the server was sent notifications/cancelled.`
      : `${entry.toolId} was cancelled ${how} after ${elapsed} ms, before it reached the server.`;
    entry.controller.abort(
      new GatewayError('CANCELLED', message, { details: { tool_id: entry.toolId, elapsed_ms: elapsed } }),
    );
  }
}

function info(entry: Entry, now = performance.now()): PendingCallInfo {
  return { id: entry.id, tool_id: entry.toolId, elapsed_ms: Math.round(now - entry.startedAt), state: entry.state };
}

/** Short and unguessable, so one session cannot aim at another's calls by counting. */
function newId(): string {
  return `call_${randomBytes(6).toString('hex')}`;
}
