// One tools/call through the proxy: gates on the way in, forwarding, timeout or cancellation, gates on the way out, the report.
import type { CallToolResult, JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { GatewayError } from '../errors/index.js';
import type { AskUser } from '../gates/approval.js';
import { jsonBytes } from '../gates/call-gates.js';
import type { CallReport, CallEnd } from './call-report.js';
import type { CallTracker, TrackedCall } from './call-tracker.js';
import { errorAnswer, gatewayErrorAnswer, paramsOf, WRAP_ERROR_CODE, type RequestId, type RpcRequest, type RpcResponse } from './json-rpc-shapes.js';
import type { ToolCallGate, GateVerdict } from './tool-call-gate.js';

export interface ToolCallFlowOptions {
  gate: ToolCallGate;
  tracker: CallTracker;
  report: CallReport;
  toClient: (message: JSONRPCMessage) => void;
  toServer: (message: JSONRPCMessage) => void;
  /** How to ask the user for approval now; undefined when the client declared no (form) elicitation. */
  ask: () => AskUser | undefined;
  /** A forwarded call unanswered this long gets an error answer and the server a cancellation; undefined: no limit. */
  timeoutMs?: number;
}

export class ToolCallFlow {
  constructor(private readonly options: ToolCallFlowOptions) {}

  /** A client's tools/call request: judged now (approval may follow), then forwarded or answered with the gate's error. */
  onRequest(request: RpcRequest & JSONRPCMessage): void {
    const { gate, tracker } = this.options;
    const params = paramsOf(request);
    const tool = params.name;
    // Not a call any server could run: the server gives the client its own error for it.
    if (typeof tool !== 'string') return this.options.toServer(request);
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
    tracker.track(call);
    const verdict = gate.checkRequest(tool, args);
    if (!this.accept(call, verdict)) return;
    const reason = gate.approvalReason(tool);
    if (reason === undefined) return this.forward(call, request);
    void gate.checkApproval(tool, args, reason, this.options.ask(), call.abort.signal).then((approval) => {
      // Cancelled by the client while the question was open: already reported.
      if (tracker.get(call.id) !== call) return;
      if (this.accept(call, approval)) this.forward(call, request);
    });
  }

  /** The server's answer to a tracked call (taken off the tracker by the caller). */
  onResponse(call: TrackedCall, response: RpcResponse & JSONRPCMessage): void {
    const { gate, toClient } = this.options;
    if (response.error !== undefined || response.result === undefined) {
      toClient(response);
      return this.finish(call, { outcome: 'error', errorCode: 'DOWNSTREAM_ERROR', responseBytes: jsonBytes(response.error) });
    }
    const result = response.result as CallToolResult;
    const resultBytes = jsonBytes(result);
    const verdict = gate.checkResponse(call.tool, result, resultBytes);
    call.gates.push(...verdict.outcomes);
    if (verdict.error) {
      toClient(gatewayErrorAnswer(call.id, verdict.error));
      return this.finish(call, { outcome: 'blocked', errorCode: verdict.error.code, responseBytes: resultBytes });
    }
    // Forwarded as it came unless the secrets gate redacted it (enforce mode only).
    toClient(verdict.result === result ? response : ({ ...response, result: verdict.result } as JSONRPCMessage));
    this.finish(call, { outcome: result.isError === true ? 'tool_error' : 'ok', responseBytes: resultBytes });
  }

  /** The client cancelled: the server hears of it only if it has the call; a question still open is withdrawn. */
  onClientCancel(requestId: RequestId, cancel: JSONRPCMessage): void {
    const call = this.options.tracker.take(requestId);
    if (!call) return this.options.toServer(cancel);
    call.abort.abort();
    if (call.phase === 'forwarded') this.options.toServer(cancel);
    this.finish(call, { outcome: 'error', errorCode: 'CANCELLED' });
  }

  /** The server is gone: every call in flight ends as an error (the client learns it from the closed connection). */
  abandonAll(): void {
    for (const call of this.options.tracker.takeAll()) {
      call.abort.abort();
      this.finish(call, { outcome: 'error', errorCode: 'DOWNSTREAM_UNAVAILABLE' });
    }
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
    const error = new GatewayError('DOWNSTREAM_TIMEOUT', `${call.toolId} did not answer within ${timeoutMs} ms (toolgate wrap --timeout).`, {
      hint: 'Try again with a smaller request, or raise --timeout.',
      details: { tool_id: call.toolId },
    });
    toClient(errorAnswer(call.id, WRAP_ERROR_CODE, error.message, { code: error.code, hint: error.hint, tool_id: call.toolId }));
    toServer({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: call.id, reason: error.message } } as JSONRPCMessage);
    this.finish(call, { outcome: 'error', errorCode: error.code });
  }

  private finish(call: TrackedCall, end: CallEnd): void {
    this.options.report.finish(call, end);
  }
}
