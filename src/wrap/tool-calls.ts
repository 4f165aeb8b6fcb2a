// The client's tools/call requests through the proxy: each runs the one call path; the answer (or error) goes back under its id.
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { CallPath } from '../call-path/call-chain.js';
import type { CallContext } from '../call-path/call-context.js';
import type { PendingHandle, PendingRegistry } from '../call-path/stages/04-track-pending.js';
import { GatewayError } from '../errors/index.js';
import { deepArgumentsError } from '../gates/deep-arguments.js';
import type { PolicyMode } from '../policy/policy-types.js';
import type { CallTracker, TrackedCall } from './call-tracker.js';
import { goneError } from './child-calls.js';
import {
  gatewayErrorAnswer,
  isRequestId,
  paramsOf,
  progressTokenOf,
  type RequestId,
  type RpcRequest,
} from './json-rpc-shapes.js';
import type { WrapCall } from './wrap-call.js';

/** Calls in flight at most: each holds its arguments until answered, so past this a call is refused at once. */
export const DEFAULT_MAX_CALLS_IN_FLIGHT = 1_000;

export interface ToolCallsOptions {
  /** The wrapped server's name in tool ids (`<name>::<tool>`). */
  name: string;
  tracker: CallTracker;
  /** Builds the call path with this object as its pending registry (stage 4). */
  createPath: (pending: PendingRegistry<WrapCall>) => CallPath<WrapCall>;
  /** What every call's context starts from (session, client, how to ask the user), read per call. */
  context: () => Omit<CallContext, 'signal'>;
  mode: () => PolicyMode;
  toClient: (message: JSONRPCMessage) => void;
  /** Sends the server a tools/call monitor mode lets through unjudged (the proxy notes its id like any request it forwards). */
  forwardUnjudged: (message: JSONRPCMessage) => void;
  onNote: (line: string) => void;
  /** Default DEFAULT_MAX_CALLS_IN_FLIGHT. */
  maxCallsInFlight?: number;
}

export class ToolCalls implements PendingRegistry<WrapCall> {
  private readonly path: CallPath<WrapCall>;
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly options: ToolCallsOptions) {
    this.path = options.createPath(this);
  }

  /** A client's tools/call request: it runs the call path, and its result or error is the answer. */
  onRequest(request: RpcRequest & JSONRPCMessage): void {
    const { name, toClient } = this.options;
    const params = paramsOf(request);
    const tool = params.name;
    if (typeof tool !== 'string') return this.onUnjudgeable(request);
    const toolId = `${name}::${tool}`;
    const { arguments: args = {}, ...rest } = params;
    // The arguments are the call path's to check (and audit); the rest (`_meta`) would reach the server as CUT_JSON text.
    const refusal = deepArgumentsError(toolId, rest) ?? notAnObject(toolId, args);
    if (refusal) return toClient(gatewayErrorAnswer(request.id, refusal));
    const abort = new AbortController();
    const tracked: TrackedCall = { id: request.id, toolId, phase: 'checking', abort, cancelled: false };
    const sendProgress = progressSender(request, toClient);
    const call: WrapCall = {
      toolId,
      arguments: args as Record<string, unknown>,
      context: {
        ...this.options.context(),
        signal: abort.signal,
        via: 'wrap',
        ...(sendProgress ? { sendProgress } : {}),
      },
      id: request.id,
      request,
      tracked,
    };
    const done = this.path(call).then(
      (result) => toClient({ jsonrpc: '2.0', id: request.id, result } as JSONRPCMessage),
      (error: unknown) => {
        if (!tracked.cancelled) toClient(gatewayErrorAnswer(request.id, error));
      },
    );
    this.running.add(done);
    void done.finally(() => this.running.delete(done));
  }

  /** Stage 4: a second call under an id in flight, or one past the cap, is refused (and audited); else it is tracked by id. */
  begin(call: WrapCall): PendingHandle {
    const { tracker } = this.options;
    if (tracker.get(call.id) !== undefined) {
      // Two calls under one id: the server's answers could not be told apart, and one would pass unjudged.
      throw new GatewayError(
        'USAGE',
        `A tools/call with id ${JSON.stringify(call.id)} is already in flight; this one was not forwarded.`,
        { hint: 'Give every request in flight its own id.', details: { tool_id: call.toolId } },
      );
    }
    const max = this.options.maxCallsInFlight ?? DEFAULT_MAX_CALLS_IN_FLIGHT;
    if (tracker.size >= max) {
      throw new GatewayError(
        'GATE_FAILED',
        `${call.toolId} was refused: ${max} tool calls are already in flight through toolgate wrap.`,
        { hint: 'Wait for some answers, then call again.', details: { tool_id: call.toolId } },
      );
    }
    const { tracked } = call;
    tracker.track(tracked);
    return {
      signal: tracked.abort.signal,
      markRunning: () => void (tracked.phase = 'forwarded'),
      end: () => tracker.untrack(tracked),
    };
  }

  /**
   * A tools/call the gates cannot judge: no tool name, or no id (a notification, `id: null`) to tie an answer to.
   * Monitor forwards it as it came; enforce refuses it, since a lenient server might still run it ungated.
   */
  onUnjudgeable(message: JSONRPCMessage): void {
    if (this.options.mode() === 'monitor') return this.options.forwardUnjudged(message);
    const id = (message as { id?: unknown }).id;
    if (isRequestId(id)) {
      const error = new GatewayError(
        'INVALID_ARGUMENTS',
        "tools/call expects params.name, the tool's name as a string; received none. It was not forwarded.",
      );
      return this.options.toClient(gatewayErrorAnswer(id, error));
    }
    this.options.onNote(
      'dropped a tools/call from the client that has no request id: it could not be answered, so it was not forwarded unjudged',
    );
  }

  /** The client cancelled a call: it stops where it is (a question open is withdrawn, the server told) and gets no answer. */
  onClientCancel(requestId: RequestId, cancel: JSONRPCMessage, toServer: (message: JSONRPCMessage) => void): void {
    const tracked = this.options.tracker.get(requestId);
    if (!tracked) return toServer(cancel);
    tracked.cancelled = true;
    tracked.abort.abort(new GatewayError('CANCELLED', `${tracked.toolId} was cancelled by the client.`));
  }

  /** The server is gone: every call in flight ends with an error answer (no client waits on a dead server); resolves when all are answered. */
  async close(): Promise<void> {
    for (const tracked of this.options.tracker.all()) tracked.abort.abort(goneError(tracked.toolId));
    await Promise.allSettled([...this.running]);
  }
}

function notAnObject(toolId: string, args: unknown): GatewayError | undefined {
  if (typeof args === 'object' && args !== null && !Array.isArray(args)) return undefined;
  const received = Array.isArray(args) ? 'an array' : args === null ? 'null' : `a ${typeof args}`;
  return new GatewayError(
    'INVALID_ARGUMENTS',
    `tools/call expects params.arguments to be an object; received ${received}. It was not forwarded.`,
    { details: { tool_id: toolId } },
  );
}

/** When the client asked for progress (`_meta.progressToken`): sends it progress under its own token. */
function progressSender(
  request: RpcRequest,
  toClient: (message: JSONRPCMessage) => void,
): CallContext['sendProgress'] | undefined {
  const token = progressTokenOf(request);
  if (token === undefined) return undefined;
  return (progress) =>
    toClient({
      jsonrpc: '2.0',
      method: 'notifications/progress',
      params: { ...progress, progressToken: token },
    } as JSONRPCMessage);
}
