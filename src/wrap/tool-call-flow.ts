// One tools/call through the proxy: gates on the way in, forwarding, timeout or cancellation, gates on the way out, the report.
import type { CallToolResult, JSONRPCMessage } from '@modelcontextprotocol/server';
import { GatewayError } from '../errors/index.js';
import type { AskUser } from '../gates/approval.js';
import { deepArgumentsError } from '../gates/deep-arguments.js';
import { jsonBytes } from '../gates/call-gates.js';
import type { CallReport, CallEnd } from './call-report.js';
import type { CallTracker, TrackedCall } from './call-tracker.js';
import {
  gatewayErrorAnswer,
  isRequestId,
  paramsOf,
  type RequestId,
  type RpcRequest,
  type RpcResponse,
} from './json-rpc-shapes.js';
import type { ToolCallGate, GateVerdict } from './tool-call-gate.js';

/** Calls in flight at most: each holds its arguments until answered, so past this a call is refused at once. */
export const DEFAULT_MAX_CALLS_IN_FLIGHT = 1_000;

export interface ToolCallFlowOptions {
  gate: ToolCallGate;
  tracker: CallTracker;
  report: CallReport;
  toClient: (message: JSONRPCMessage) => void;
  toServer: (message: JSONRPCMessage) => void;
  /** Sends the server a tools/call monitor mode lets through unjudged (the proxy notes its id like any request it forwards). */
  forwardUnjudged: (message: JSONRPCMessage) => void;
  onNote: (line: string) => void;
  /** How to ask the user for approval now; undefined when the client declared no (form) elicitation. */
  ask: () => AskUser | undefined;
  /** A forwarded call unanswered this long gets an error answer and the server a cancellation; undefined: no limit. */
  timeoutMs?: number;
  /** Default DEFAULT_MAX_CALLS_IN_FLIGHT. */
  maxCallsInFlight?: number;
}

interface Refusal {
  error: GatewayError;
  outcome: CallEnd['outcome'];
}

export class ToolCallFlow {
  constructor(private readonly options: ToolCallFlowOptions) {}

  /** A client's tools/call request: judged now (approval may follow), then forwarded or answered with the gate's error. */
  onRequest(request: RpcRequest & JSONRPCMessage): void {
    const { gate, tracker } = this.options;
    const params = paramsOf(request);
    const tool = params.name;
    if (typeof tool !== 'string') return this.onUnjudgeable(request);
    const args = params.arguments ?? {};
    const call: TrackedCall = {
      id: request.id,
      toolId: gate.toolId(tool),
      tool,
      arguments: args,
      requestBytes: jsonBytes(args),
      started: performance.now(),
      gates: [],
      phase: 'checking',
      abort: new AbortController(),
    };
    const refusal = this.refusalOf(call, params);
    if (refusal) {
      this.options.toClient(gatewayErrorAnswer(call.id, refusal.error));
      return this.finish(call, { outcome: refusal.outcome, errorCode: refusal.error.code });
    }
    tracker.track(call);
    const verdict = gate.checkRequest(tool, call.requestBytes);
    if (!this.accept(call, verdict)) return;
    const reason = gate.approvalReason(tool);
    if (reason === undefined) return this.forward(call, request);
    void gate.checkApproval(tool, args, reason, this.options.ask(), call.abort.signal).then((approval) => {
      // Cancelled by the client while the question was open: already reported.
      if (tracker.get(call.id) !== call) return;
      if (this.accept(call, approval)) this.forward(call, request);
    });
  }

  /**
   * A tools/call the gates cannot judge: no tool name, or no id (a notification, `id: null`) to tie an answer to.
   * Monitor forwards it as it came; enforce refuses it, since a lenient server might still run it ungated.
   */
  onUnjudgeable(message: JSONRPCMessage): void {
    if (this.options.gate.mode === 'monitor') return this.options.forwardUnjudged(message);
    const id = (message as { id?: unknown }).id;
    if (isRequestId(id)) {
      this.options.toClient(
        gatewayErrorAnswer(
          id,
          new GatewayError(
            'INVALID_ARGUMENTS',
            "tools/call expects params.name, the tool's name as a string; received none. It was not forwarded.",
          ),
        ),
      );
      return;
    }
    this.options.onNote(
      'dropped a tools/call from the client that has no request id: it could not be answered, so it was not forwarded unjudged',
    );
  }

  /** The server's answer to a tracked call (taken off the tracker by the caller). */
  onResponse(call: TrackedCall, response: RpcResponse & JSONRPCMessage): void {
    const { gate, toClient } = this.options;
    if (response.error !== undefined || response.result === undefined) {
      toClient(response);
      return this.finish(call, {
        outcome: 'error',
        errorCode: 'DOWNSTREAM_ERROR',
        responseBytes: jsonBytes(response.error),
      });
    }
    const result = response.result as CallToolResult;
    const resultBytes = jsonBytes(result);
    const verdict = gate.checkResponse(call.tool, result, resultBytes);
    call.gates.push(...verdict.outcomes);
    if (verdict.error) {
      toClient(gatewayErrorAnswer(call.id, verdict.error));
      return this.finish(call, { outcome: 'blocked', errorCode: verdict.error.code, responseBytes: resultBytes });
    }
    // Forwarded as it came unless a credential in it was redacted (either mode: see CallGates.checkResponse).
    toClient(verdict.result === result ? response : ({ ...response, result: verdict.result } as JSONRPCMessage));
    this.finish(call, { outcome: result.isError === true ? 'tool_error' : 'ok', responseBytes: resultBytes });
  }

  /** The client cancelled: the server hears of it only if it has the call; a question still open is withdrawn. */
  onClientCancel(requestId: RequestId, cancel: JSONRPCMessage): void {
    const { tracker, toServer } = this.options;
    const call = tracker.take(requestId);
    if (!call) return toServer(cancel);
    call.abort.abort();
    if (call.phase === 'forwarded') {
      // The server may have answered already (the messages cross): that answer was given up on, and is not judged.
      tracker.expire(call.id);
      toServer(cancel);
    }
    this.finish(call, { outcome: 'error', errorCode: 'CANCELLED' });
  }

  /** The server is gone: every call in flight is answered with an error (no client waits on a dead server) and reported. */
  abandonAll(): void {
    for (const call of this.options.tracker.takeAll()) {
      call.abort.abort();
      const error = new GatewayError(
        'DOWNSTREAM_UNAVAILABLE',
        `${call.toolId} got no answer: the wrapped server stopped.`,
        {
          hint: "Check the server's stderr above for why it stopped, then start it again.",
          details: { tool_id: call.toolId },
        },
      );
      this.options.toClient(gatewayErrorAnswer(call.id, error));
      this.finish(call, { outcome: 'error', errorCode: error.code });
    }
  }

  /** Why a call is refused before any gate: its id is already in flight, too many calls are, or its params were cut for nesting too deep. */
  private refusalOf(call: TrackedCall, params: Record<string, unknown>): Refusal | undefined {
    const { tracker } = this.options;
    // All the params: a cut part anywhere (_meta too) would reach the server as CUT_JSON text.
    const deep = deepArgumentsError(call.toolId, params);
    if (deep) return { error: deep, outcome: 'error' };
    if (tracker.get(call.id) !== undefined) {
      // Two calls under one id: the server's answers could not be told apart, and one would pass unjudged.
      const error = new GatewayError(
        'USAGE',
        `A tools/call with id ${JSON.stringify(call.id)} is already in flight; this one was not forwarded.`,
        { hint: 'Give every request in flight its own id.', details: { tool_id: call.toolId } },
      );
      return { error, outcome: 'error' };
    }
    const max = this.options.maxCallsInFlight ?? DEFAULT_MAX_CALLS_IN_FLIGHT;
    if (tracker.size >= max) {
      const error = new GatewayError(
        'GATE_FAILED',
        `${call.toolId} was refused: ${max} tool calls are already in flight through toolgate wrap.`,
        { hint: 'Wait for some answers, then call again.', details: { tool_id: call.toolId } },
      );
      return { error, outcome: 'blocked' };
    }
    return undefined;
  }

  /** Notes the outcomes; false (and the client answered) when enforce mode blocks the call. */
  private accept(call: TrackedCall, verdict: GateVerdict): boolean {
    call.gates.push(...verdict.outcomes);
    if (!verdict.error) return true;
    this.options.tracker.take(call.id);
    this.options.toClient(gatewayErrorAnswer(call.id, verdict.error));
    this.finish(call, { outcome: 'blocked', errorCode: verdict.error.code });
    return false;
  }

  private forward(call: TrackedCall, request: JSONRPCMessage): void {
    call.phase = 'forwarded';
    const { timeoutMs } = this.options;
    if (timeoutMs !== undefined) {
      call.timer = setTimeout(() => this.expire(call, timeoutMs), timeoutMs);
      call.timer.unref();
    }
    this.options.toServer(request);
  }

  private expire(call: TrackedCall, timeoutMs: number): void {
    const { tracker, toClient, toServer } = this.options;
    if (tracker.take(call.id) !== call) return;
    tracker.expire(call.id);
    const error = new GatewayError(
      'DOWNSTREAM_TIMEOUT',
      `${call.toolId} did not answer within ${timeoutMs} ms (toolgate wrap --timeout).`,
      {
        hint: 'Try again with a smaller request, or raise --timeout.',
        details: { tool_id: call.toolId },
      },
    );
    toClient(gatewayErrorAnswer(call.id, error));
    toServer({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: call.id, reason: error.message },
    } as JSONRPCMessage);
    this.finish(call, { outcome: 'error', errorCode: error.code });
  }

  private finish(call: TrackedCall, end: CallEnd): void {
    this.options.report.finish(call, end);
  }
}
