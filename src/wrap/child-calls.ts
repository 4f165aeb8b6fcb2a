// The last step of a wrapped call: the client's tools/call request sent to the child, and its answer (by id) awaited.
import type { CallToolResult, JSONRPCMessage, Progress } from '@modelcontextprotocol/server';
import type { Found } from '../call-path/call-chain.js';
import type { ReadyCall } from '../call-path/create-call-path.js';
import { validateCallResult } from '../downstream/call-result.js';
import { withoutMcpPrefix } from '../downstream/connection-errors.js';
import { GatewayError } from '../errors/index.js';
import type { CallTracker } from './call-tracker.js';
import { idKey, isRequestId, progressTokenOf, type RequestId, type RpcResponse } from './json-rpc-shapes.js';
import type { WrapCall } from './wrap-call.js';

interface Waiting {
  settle(response: RpcResponse): void;
  onProgress(progress: Progress): void;
}

export class ChildCalls {
  private readonly waiting = new Map<string, Waiting>();
  /** Progress tokens of the calls waiting, to the key of their request id. */
  private readonly tokens = new Map<string, string>();
  private closed = false;

  constructor(
    private readonly tracker: CallTracker,
    private readonly toServer: (message: JSONRPCMessage) => void,
  ) {}

  /**
   * Sends the request as the client sent it (its `_meta` too) and resolves with the checked result. The call's
   * timeout restarts with each progress notification, up to its ceiling; a timeout or an abort gives up on it:
   * the server is told (notifications/cancelled) and its late answer will be dropped.
   */
  send(call: ReadyCall<WrapCall, Found>): Promise<CallToolResult> {
    const { signal } = call.context;
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    if (this.closed) return Promise.reject(goneError(call.toolId));
    call.onForward();
    const key = idKey(call.id);
    const requested = progressTokenOf(call.request);
    const token = requested === undefined ? undefined : idKey(requested);
    const started = performance.now();
    return new Promise<CallToolResult>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = () => {
        // Answered or given up on: the id is free for the client's next request (a late answer is dropped as expired).
        this.tracker.untrack(call.tracked);
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.waiting.delete(key);
        if (token !== undefined) this.tokens.delete(token);
      };
      const giveUp = (error: unknown) => {
        finish();
        this.tracker.expire(call.id);
        if (!this.closed) this.toServer(cancellation(call.id, error));
        reject(error as Error);
      };
      const onAbort = () => giveUp(signal.reason);
      const arm = () => {
        clearTimeout(timer);
        const left = call.maxTotalMs - (performance.now() - started);
        const wait = Math.max(0, Math.min(call.timeoutMs, left));
        timer = setTimeout(() => giveUp(timeoutError(call, wait < call.timeoutMs)), wait);
        timer.unref();
      };
      this.waiting.set(key, {
        settle: (response) => {
          finish();
          if (response.error !== undefined || response.result === undefined) reject(serverError(call, response));
          else {
            try {
              resolve(validateCallResult(response.result, call.toolId));
            } catch (error) {
              reject(error as Error);
            }
          }
        },
        onProgress: (progress) => {
          arm();
          call.context.sendProgress?.(progress);
        },
      });
      if (token !== undefined) this.tokens.set(token, key);
      signal.addEventListener('abort', onAbort, { once: true });
      arm();
      this.toServer(call.request);
    });
  }

  /** A response from the server: true when it answers a call waiting here (it is consumed). */
  settle(response: RpcResponse): boolean {
    const waiting = this.waiting.get(idKey(response.id));
    waiting?.settle(response);
    return waiting !== undefined;
  }

  /** A progress notification from the server: true when it is about a call waiting here (it goes up through the call). */
  progress(params: Record<string, unknown>): boolean {
    const token = params.progressToken;
    const key = isRequestId(token) ? this.tokens.get(idKey(token)) : undefined;
    const waiting = key === undefined ? undefined : this.waiting.get(key);
    if (!waiting) return false;
    const { progressToken: _token, ...progress } = params;
    waiting.onProgress(progress as Progress);
    return true;
  }

  /** The server is gone: nothing more is sent to it; calls still waiting end with their signal's reason. */
  close(): void {
    this.closed = true;
  }
}

/** The server stopped: no call reaches it any more. */
export function goneError(toolId: string): GatewayError {
  return new GatewayError('DOWNSTREAM_UNAVAILABLE', `${toolId} got no answer: the wrapped server stopped.`, {
    hint: "Check the server's stderr above for why it stopped, then start it again.",
    details: { tool_id: toolId },
  });
}

function cancellation(id: RequestId, error: unknown): JSONRPCMessage {
  const reason = error instanceof Error ? error.message : 'cancelled';
  return { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason } } as JSONRPCMessage;
}

function timeoutError(call: ReadyCall<WrapCall, Found>, ceiling: boolean): GatewayError {
  const limit = ceiling
    ? `its time ceiling of ${call.maxTotalMs} ms (policy timeouts.max_ms)`
    : `${call.timeoutMs} ms without an answer or progress (toolgate wrap --timeout, else policy timeouts.default_ms)`;
  return new GatewayError('DOWNSTREAM_TIMEOUT', `${call.toolId} passed ${limit}.`, {
    hint: 'Try again with a smaller request, or raise --timeout (capped by policy timeouts.max_ms).',
    details: { tool_id: call.toolId, timeout_ms: call.timeoutMs, max_ms: call.maxTotalMs },
  });
}

/** The server's own JSON-RPC error: passed on with its code, its text redacted by the filter-output stage. */
function serverError(call: ReadyCall<WrapCall, Found>, response: RpcResponse): GatewayError {
  const error = response.error ?? { code: -32603, message: 'the answer has neither result nor error' };
  const message = withoutMcpPrefix(String(error.message));
  return new GatewayError('DOWNSTREAM_ERROR', `${call.toolId} failed with JSON-RPC error ${error.code}: ${message}`, {
    details: {
      tool_id: call.toolId,
      downstream_code: typeof error.code === 'number' ? error.code : -32603,
      downstream_message: message,
      ...(error.data === undefined ? {} : { downstream_data: error.data }),
    },
  });
}
