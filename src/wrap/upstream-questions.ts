// Requests the proxy itself sends to the client (approval questions), in their own id space, and the answers it keeps from the server.
import { randomBytes } from 'node:crypto';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { AskUser, ApprovalAnswer } from '../gates/approval.js';
import { idKey, type RpcResponse } from './json-rpc-shapes.js';

/**
 * The start of the ids of toolgate's own requests to the client, `toolgate-wrap-<random>-<n>`. The server
 * shares this id space (its requests to the client) but never sees our ids, so a random part per run keeps
 * a server request and ours from ever meeting at the client, and no answer meant for the server is ours.
 */
export function createQuestionIdPrefix(): string {
  return `toolgate-wrap-${randomBytes(6).toString('hex')}-`;
}

interface Pending {
  resolve: (result: Record<string, unknown>) => void;
  reject: (error: Error) => void;
  cleanup: () => void;
}

export interface AskOptions {
  timeoutMs: number;
  signal: AbortSignal;
}

export class UpstreamQuestions {
  private next = 1;
  private readonly pending = new Map<string, Pending>();

  /** `send` writes a message to the client. */
  constructor(
    private readonly send: (message: JSONRPCMessage) => void,
    private readonly idPrefix = createQuestionIdPrefix(),
  ) {}

  /** Sends `method` to the client and resolves with its result; rejects on an error answer, a timeout ("timed out") or an abort. */
  request(method: string, params: Record<string, unknown>, options: AskOptions): Promise<Record<string, unknown>> {
    const id = `${this.idPrefix}${this.next++}`;
    return new Promise((resolve, reject) => {
      const key = idKey(id);
      const giveUp = (reason: string) => {
        if (!this.pending.has(key)) return;
        this.pending.get(key)?.cleanup();
        this.pending.delete(key);
        // The client may still show the question: tell it the answer is no longer wanted.
        this.send({
          jsonrpc: '2.0',
          method: 'notifications/cancelled',
          params: { requestId: id, reason },
        } as JSONRPCMessage);
        reject(new Error(reason));
      };
      const timer = setTimeout(() => giveUp(`the question timed out after ${options.timeoutMs} ms`), options.timeoutMs);
      timer.unref();
      const onAbort = () => giveUp('the call was cancelled');
      options.signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(key, {
        resolve,
        reject,
        cleanup: () => {
          clearTimeout(timer);
          options.signal.removeEventListener('abort', onAbort);
        },
      });
      this.send({ jsonrpc: '2.0', id, method, params } as JSONRPCMessage);
    });
  }

  /** True when `response` answers one of our questions (a late answer too): it is consumed here and must not reach the server. */
  handleResponse(response: RpcResponse): boolean {
    const key = idKey(response.id);
    const pending = this.pending.get(key);
    if (!pending) return typeof response.id === 'string' && response.id.startsWith(this.idPrefix);
    this.pending.delete(key);
    pending.cleanup();
    if (response.error)
      pending.reject(
        new Error(
          `the client answered with error ${response.error.code}: ${String(response.error.message).slice(0, 200)}`,
        ),
      );
    else pending.resolve(response.result ?? {});
    return true;
  }

  /** Every open question fails (the proxy is closing). */
  rejectAll(reason: string): void {
    for (const [key, pending] of this.pending) {
      this.pending.delete(key);
      pending.cleanup();
      pending.reject(new Error(reason));
    }
  }
}

/** The schema of a yes/no question: no fields, the answer is the action (accept, decline, cancel). */
const EMPTY_FORM = { type: 'object', properties: {} } as const;

/** Approval questions as MCP form elicitations sent to the client. */
export function createElicitationAsk(questions: UpstreamQuestions): AskUser {
  return async (message, options) => {
    const result = await questions.request(
      'elicitation/create',
      { mode: 'form', message, requestedSchema: EMPTY_FORM },
      options,
    );
    const action = result.action;
    if (action === 'accept' || action === 'decline' || action === 'cancel') return action as ApprovalAnswer;
    throw new Error(
      `the client answered the question with action ${JSON.stringify(action)}; expected accept, decline or cancel`,
    );
  };
}
