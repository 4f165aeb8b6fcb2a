// The one call path of a tool call: typed stages, each adding what it establishes, composed in one chain.
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { DownstreamTool } from '../downstream/downstream-tool.js';
import type { CallKind, GateOutcome } from '../gates/gate-types.js';
import type { CallContext } from './call-context.js';

export type { CallKind } from '../gates/gate-types.js';

/** A call as it arrives, before any stage ran. */
export interface ReceivedCall {
  /** What the client named: a tool id; for other kinds the prompt name, resource URI or completion target as listed. */
  toolId: string;
  /** Absent: a tool call. Prompts, resources and completions in flat exposure run a shorter chain of the same stages. */
  kind?: CallKind;
  arguments: Record<string, unknown>;
  /** The caller's own timeout wish; clamped by policy. */
  requestedTimeoutMs?: number;
  context: CallContext;
}

/** What the gates found, for the audit record: one object shared by every copy of the call. */
export interface CallTrace {
  gates: GateOutcome[];
  /** The arguments' JSON size, measured once for the audit line and the size gate. */
  requestBytes: number;
  /** The downstream result's JSON size, as the response gates measured it. */
  resultBytes?: number;
}

/** Established by the audit stage. */
export interface Traced {
  trace: CallTrace;
}

/** Established by resolving the tool id. */
export interface Resolved {
  server: string;
  tool: string;
}

/** Established by the pending-call registry: called just before the request goes downstream. */
export interface Tracked {
  onForward: () => void;
}

/** Established once the server is known (finding the tool; routing a passthrough request): its own timeout wish. */
export interface ServerKnown {
  /** The server's config entry's timeout_ms, wrap's --timeout; undefined: none. The caller's wish wins. */
  serverTimeoutMs: number | undefined;
}

/**
 * Established by starting the server and finding the tool on it. What the last step reaches the tool
 * through (the gateway's pool connection, wrap's child) is added next to it by the way in that found it.
 */
export interface Found extends ServerKnown {
  definition: DownstreamTool;
}

/** Established by the timeout stage. */
export interface Timed {
  timeoutMs: number;
  maxTotalMs: number;
}

/** `R`: what the chain answers; a tool call's result unless the chain serves another kind of request. */
export type CallHandler<C, R = CallToolResult> = (call: C) => Promise<R>;

/**
 * One stage: runs around the rest of the chain. `Needs` is what an earlier stage must have established;
 * `Adds` is what this one establishes for the stages after it. CallChain.then refuses (at compile time) a
 * stage whose needs the chain has not established yet.
 */
export interface Stage<Needs, Adds = unknown, R = CallToolResult> {
  /** The stage's name, as its file is named without the number (`request-gates`): what the order test compares. */
  readonly name: string;
  /** Never set: makes Stage contravariant in Needs, so that a chain can only take a stage it satisfies. */
  readonly needs?: (call: Needs) => void;
  /** Never set: carries Adds for inference. */
  readonly adds?: Adds;
  run<C extends Needs>(call: C, next: CallHandler<C & Adds, R>): Promise<R>;
}

export function defineStage<Needs, Adds = unknown, R = CallToolResult>(
  name: string,
  run: <C extends Needs>(call: C, next: CallHandler<C & Adds, R>) => Promise<R>,
): Stage<Needs, Adds, R> {
  return { name, run };
}

/** Whether an answer is a tool's error result (`isError: true`); other kinds of answers never are. */
export function isErrorResult(result: object): boolean {
  return (result as { isError?: unknown }).isError === true;
}

/** A composed chain: the handler, and the names of the stages it runs in call order (the last step not included). */
export type CallPath<Start, R = CallToolResult> = CallHandler<Start, R> & { readonly stages: readonly string[] };

/** Stages in call order: the first sees the call first and the result last. */
export class CallChain<Start, C, R = CallToolResult> {
  private constructor(private readonly stages: ReadonlyArray<Stage<unknown, unknown, R>>) {}

  static from<Start, R = CallToolResult>(): CallChain<Start, Start, R> {
    return new CallChain<Start, Start, R>([]);
  }

  then<Adds>(stage: Stage<C, Adds, R>): CallChain<Start, C & Adds, R> {
    return new CallChain<Start, C & Adds, R>([...this.stages, stage as Stage<unknown, unknown, R>]);
  }

  /** The chain with its last step: the call itself (the downstream request, a meta-tool's handler, a JSON-RPC answer awaited). */
  end(last: CallHandler<C, R>): CallPath<Start, R> {
    const handler = this.stages.reduceRight<CallHandler<unknown, R>>(
      (next, stage) => (call) => stage.run(call, next),
      last as CallHandler<unknown, R>,
    );
    return Object.assign(handler as CallHandler<Start, R>, { stages: this.stages.map((stage) => stage.name) });
  }
}
