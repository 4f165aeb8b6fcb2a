// Routes JSON-RPC messages between one client and one server unchanged, except tools/call (the one call path) and toolgate's own questions.
import type { Readable, Writable } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { AuditLog } from '../audit/audit-log.js';
import type { CallPolicy } from '../call-path/call-policy.js';
import { GatewayError } from '../errors/index.js';
import { supportsFormElicitation } from '../gates/approval.js';
import { MAX_CLIENT_NAME_CHARS } from '../wire/client-info.js';
import { DEFAULT_MAX_LINE_BYTES } from '../wire/json-lines.js';
import { CallTracker } from './call-tracker.js';
import { ChildCalls } from './child-calls.js';
import { ForwardedRequests } from './forwarded-requests.js';
import {
  gatewayErrorAnswer,
  isNotification,
  isRequest,
  isRequestId,
  isResponse,
  paramsOf,
  type RequestId,
  type RpcRequest,
} from './json-rpc-shapes.js';
import { MessageChannel } from './message-channel.js';
import { checkMessageSize, type Side } from './message-size-cap.js';
import { DEFAULT_MAX_CALLS_IN_FLIGHT, ToolCalls } from './tool-calls.js';
import { createElicitationAsk, UpstreamQuestions } from './upstream-questions.js';
import { createWrapCallPath } from './wrap-call-path.js';
import { WrappedTools } from './wrapped-tools.js';

export interface WrapProxyOptions {
  /** The client's side: we read its messages from `input` and write ours to `output` (stdin, stdout). */
  client: { input: Readable; output: Writable };
  /** The server's side: we write to `input` (its stdin) and read from `output` (its stdout). */
  server: { input: Writable; output: Readable };
  /** The policy with the command line's overrides (mode, max message size) applied, and its redactor. */
  policy: CallPolicy;
  /** The wrapped server's name in tool ids (`<name>::<tool>`). */
  name: string;
  /** The rate limits' session: one per wrap run. */
  session: string;
  /** Absent when the policy turns auditing off. */
  audit?: AuditLog;
  /** --max-message-size: any other message larger than this is refused (requests answered with an error); undefined: no cap. */
  maxMessageBytes?: number;
  /** --timeout: a forwarded call unanswered this long (without progress) gets an error answer; undefined: the policy's default. */
  timeoutMs?: number;
  /** Tool calls in flight at most; also caps the client's other requests in flight (default DEFAULT_MAX_CALLS_IN_FLIGHT). */
  maxCallsInFlight?: number;
  /** One line per tool call decision (--verbose). */
  onVerbose?: (line: string) => void;
  /** Something the user should know: a dropped message, a line that is not JSON-RPC. */
  onNote: (line: string) => void;
  /** The client's input ended: the server should be stopped. (The server's end is its exit, which the caller awaits.) */
  onClientEnd: () => void;
}

export class WrapProxy {
  private readonly toClientChannel: MessageChannel;
  private readonly toServerChannel: MessageChannel;
  private readonly tracker = new CallTracker();
  private readonly forwarded: ForwardedRequests;
  private readonly questions: UpstreamQuestions;
  private readonly tools = new WrappedTools();
  private readonly child: ChildCalls;
  private readonly calls: ToolCalls;
  private clientName: string | undefined;
  private canElicit = false;
  private fullOutputs = 0;

  constructor(private readonly options: WrapProxyOptions) {
    // A line may be well past the cap: it is read whole so that a request over it can still be answered by id.
    this.forwarded = new ForwardedRequests(options.maxCallsInFlight ?? DEFAULT_MAX_CALLS_IN_FLIGHT);
    const maxLineBytes = Math.max(DEFAULT_MAX_LINE_BYTES, (options.maxMessageBytes ?? 0) * 2);
    const onFull = (full: boolean) => this.onFull(full);
    this.toServerChannel = new MessageChannel({
      input: options.client.input,
      output: options.server.input,
      maxLineBytes,
      onMessage: (message) => this.fromClient(message),
      onDropped: (what) => options.onNote(`dropped from the client: ${what}`),
      onRefused: (answer, note) => this.refuseDeep('client', answer, note),
      quoteDropped: false,
      onEnd: options.onClientEnd,
      onFull,
    });
    this.toClientChannel = new MessageChannel({
      input: options.server.output,
      output: options.client.output,
      maxLineBytes,
      onMessage: (message) => this.fromServer(message),
      onDropped: (what) => options.onNote(`dropped from the server's stdout: ${what}`),
      onRefused: (answer, note) => this.refuseDeep('server', answer, note),
      quoteDropped: true,
      onEnd: () => undefined,
      onFull,
    });
    const toClient = (message: JSONRPCMessage) => this.toClientChannel.send(message);
    this.questions = new UpstreamQuestions(toClient);
    const ask = createElicitationAsk(this.questions);
    this.child = new ChildCalls(this.tracker, (message) => this.toServerChannel.send(message));
    this.calls = new ToolCalls({
      name: options.name,
      tracker: this.tracker,
      createPath: (pending) =>
        createWrapCallPath({
          policy: options.policy,
          name: options.name,
          tools: this.tools,
          pending,
          child: this.child,
          ...(options.audit === undefined ? {} : { audit: options.audit }),
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
          ...(options.onVerbose === undefined ? {} : { onVerbose: options.onVerbose }),
          onNote: options.onNote,
        }),
      context: () => ({
        sessionId: options.session,
        ...(this.clientName === undefined ? {} : { clientName: this.clientName }),
        ...(this.canElicit ? { askUser: ask } : {}),
      }),
      mode: () => options.policy.policy.mode,
      toClient,
      forwardUnjudged: (message) =>
        isRequest(message) ? this.forwardRequest(message) : this.toServerChannel.send(message),
      onNote: options.onNote,
      ...(options.maxCallsInFlight === undefined ? {} : { maxCallsInFlight: options.maxCallsInFlight }),
    });
  }

  /** The server is gone: calls in flight are answered and audited, open questions withdrawn, other requests forgotten. */
  async close(): Promise<void> {
    this.child.close();
    this.questions.rejectAll('the wrapped server stopped');
    this.forwarded.clear();
    await this.calls.close();
  }

  private fromClient(message: JSONRPCMessage): void {
    if (isResponse(message)) {
      if (this.questions.handleResponse(message)) return;
      if (this.fits(message, 'client')) this.toServerChannel.send(message);
      return;
    }
    if (isRequest(message)) {
      const holder = this.holderOf(message);
      if (holder !== undefined) return this.refuseIdInFlight(message, holder);
      if (message.method === 'tools/call') return this.calls.onRequest(message);
      if (!this.fits(message, 'client')) return;
      if (message.method === 'initialize') this.noteInitialize(paramsOf(message));
      this.tools.noteRequest(message);
      this.forwardRequest(message);
      return;
    }
    if ((message as { method?: unknown }).method === 'tools/call') return this.calls.onUnjudgeable(message);
    if (isNotification(message) && message.method === 'notifications/cancelled') {
      const requestId = paramsOf(message).requestId;
      if (isRequestId(requestId)) {
        if (!this.forwarded.take(requestId))
          return this.calls.onClientCancel(requestId, message, (cancel) => this.toServerChannel.send(cancel));
        // Its late answer (if the server sends one anyway) is dropped, and the id is not taken again meanwhile.
        this.tracker.expire(requestId);
      }
    }
    if (this.fits(message, 'client')) this.toServerChannel.send(message);
  }

  private fromServer(message: JSONRPCMessage): void {
    if (isResponse(message)) {
      if (this.child.settle(message)) return;
      // The call under this id is still at the gates, so the server never got it: this answer is not for it.
      if (this.tracker.get(message.id))
        return this.options.onNote(
          `dropped the server's answer to request ${JSON.stringify(message.id)}, a call it has not been sent yet`,
        );
      if (this.tracker.takeExpired(message.id))
        return this.options.onNote(
          `dropped the server's late answer to request ${JSON.stringify(message.id)} (cancelled, or answered already: --timeout)`,
        );
      this.forwarded.take(message.id);
      if (!this.fits(message, 'server')) return;
      this.tools.noteResponse(message);
      this.toClientChannel.send(message);
      return;
    }
    // A call's progress goes up through its call path (redacted there); other progress passes as it came.
    if (
      isNotification(message) &&
      message.method === 'notifications/progress' &&
      this.child.progress(paramsOf(message))
    )
      return;
    if (isNotification(message) && message.method === 'notifications/tools/list_changed') this.tools.noteListChanged();
    if (this.fits(message, 'server')) this.toClientChannel.send(message);
  }

  /** The whole-message cap of --max-message-size, for every message but tool calls and their answers (their gates judge those). */
  private fits(message: JSONRPCMessage, from: Side): boolean {
    const verdict = checkMessageSize(message, from, this.options.maxMessageBytes);
    if (!verdict) return true;
    this.options.onNote(verdict.note);
    if (verdict.answer) this.answer(verdict.answer.to, verdict.answer.id, verdict.answer.error);
    return false;
  }

  /**
   * What already holds the request's id, if anything: a request the server has not answered, or a tool call in flight.
   * A named tools/call under a tool call's id is left to the call path, which refuses and audits it.
   */
  private holderOf(request: RpcRequest): { what: string; detail: string } | undefined {
    // MCP forbids reusing an id in a session; here it matters: the late answer to the old request would be taken for the new one.
    if (this.tracker.isExpired(request.id))
      return { what: 'a cancelled or timed-out request', detail: ' (its late answer may still come)' };
    const method = this.forwarded.get(request.id);
    if (method !== undefined) return { what: `a "${method}" request`, detail: '' };
    const call = this.tracker.get(request.id);
    if (call === undefined || (request.method === 'tools/call' && typeof paramsOf(request).name === 'string'))
      return undefined;
    return { what: 'a tools/call', detail: ` (${call.toolId})` };
  }

  /**
   * A request under the id of another in flight: their answers could not be told apart, so one would be taken for the
   * other and a tool's result could reach the client ungated. A protocol error in either mode.
   */
  private refuseIdInFlight(request: RpcRequest, holder: { what: string; detail: string }): void {
    const id = JSON.stringify(request.id);
    this.options.onNote(
      `refused the client's "${request.method}" request: its id ${id} is that of ${holder.what} still in flight${holder.detail}`,
    );
    const error = new GatewayError(
      'USAGE',
      `The "${request.method}" request has id ${id}, the id of ${holder.what} still in flight; it was not forwarded.`,
      {
        hint: 'Give every request in flight its own id.',
      },
    );
    this.toClientChannel.send(gatewayErrorAnswer(request.id, error));
  }

  /** Sends a request the call path does not track, noting its id until the server answers; past the cap it is refused instead. */
  private forwardRequest(request: RpcRequest & JSONRPCMessage): void {
    if (this.forwarded.add(request.id, request.method)) return this.toServerChannel.send(request);
    const max = this.options.maxCallsInFlight ?? DEFAULT_MAX_CALLS_IN_FLIGHT;
    const error = new GatewayError(
      'GATE_FAILED',
      `The "${request.method}" request was refused: ${max} requests are already in flight through toolgate wrap.`,
      {
        hint: 'Wait for some answers, then send it again.',
      },
    );
    this.toClientChannel.send(gatewayErrorAnswer(request.id, error));
  }

  /** A message from `from` too deep to take (see admitMessage): its error answer goes back, and the user hears of it. */
  private refuseDeep(from: Side, answer: JSONRPCMessage | undefined, note: string): void {
    this.options.onNote(`refused a message from the ${from}: ${note}`);
    if (answer) (from === 'client' ? this.toClientChannel : this.toServerChannel).send(answer);
  }

  /** An error answer to `id`, sent to the side that asked (`asker`). */
  private answer(asker: Side, id: RequestId, error: GatewayError): void {
    const channel = asker === 'client' ? this.toClientChannel : this.toServerChannel;
    channel.send(gatewayErrorAnswer(id, error));
  }

  private noteInitialize(params: Record<string, unknown>): void {
    const info = params.clientInfo as { name?: unknown } | undefined;
    // Kept for the run and written into every audit line: capped like the gateway's.
    if (typeof info?.name === 'string') this.clientName = info.name.slice(0, MAX_CLIENT_NAME_CHARS);
    this.canElicit = supportsFormElicitation(params.capabilities);
  }

  /** Either output full: both inputs wait, so neither side is read faster than the other can take. */
  private onFull(full: boolean): void {
    this.fullOutputs += full ? 1 : -1;
    if (this.fullOutputs > 0) {
      this.toServerChannel?.pause();
      this.toClientChannel?.pause();
    } else {
      this.toServerChannel?.resume();
      this.toClientChannel?.resume();
    }
  }
}
