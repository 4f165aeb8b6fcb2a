// The one call path of a tool call: typed stages, each adding what it establishes, composed in one chain.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { DownstreamTool } from '../downstream/downstream-tool.js';
import type { GateOutcome } from '../gates/gate-types.js';
import type { CallContext } from './call-context.js';

/** A call as it arrives, before any stage ran. */
export interface ReceivedCall {
  toolId: string;
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

/**
 * Established by starting the server and finding the tool on it. What the last step reaches the tool
 * through (the gateway's pool connection, wrap's child) is added next to it by the way in that found it.
 */
export interface Found {
  definition: DownstreamTool;
  /** The server's own timeout wish (its config entry's timeout_ms, wrap's --timeout); the caller's wins. */
  serverTimeoutMs?: number;
}

/** Established by the timeout stage. */
export interface Timed {
  timeoutMs: number;
  maxTotalMs: number;
}

export type CallHandler<C> = (call: C) => Promise<CallToolResult>;

/**
 * One stage: runs around the rest of the chain. `Needs` is what an earlier stage must have established;
 * `Adds` is what this one establishes for the stages after it. CallChain.then refuses (at compile time) a
 * stage whose needs the chain has not established yet.
 */
export interface Stage<Needs, Adds = unknown> {
  /** The stage's name, as its file is named without the number (`request-gates`): what the order test compares. */
  readonly name: string;
  /** Never set: makes Stage contravariant in Needs, so that a chain can only take a stage it satisfies. */
  readonly needs?: (call: Needs) => void;
  /** Never set: carries Adds for inference. */
  readonly adds?: Adds;
  run<C extends Needs>(call: C, next: CallHandler<C & Adds>): Promise<CallToolResult>;
}

export function defineStage<Needs, Adds = unknown>(
  name: string,
  run: <C extends Needs>(call: C, next: CallHandler<C & Adds>) => Promise<CallToolResult>,
): Stage<Needs, Adds> {
  return { name, run };
}

/** A composed chain: the handler, and the names of the stages it runs in call order (the last step not included). */
export type CallPath<Start> = CallHandler<Start> & { readonly stages: readonly string[] };

/** Stages in call order: the first sees the call first and the result last. */
export class CallChain<Start, C> {
  private constructor(private readonly stages: ReadonlyArray<Stage<unknown, unknown>>) {}

  static from<Start>(): CallChain<Start, Start> {
    return new CallChain<Start, Start>([]);
  }

  then<Adds>(stage: Stage<C, Adds>): CallChain<Start, C & Adds> {
    return new CallChain<Start, C & Adds>([...this.stages, stage as Stage<unknown, unknown>]);
  }

  /** The chain with its last step: the call itself (the downstream request, a meta-tool's handler, a JSON-RPC answer awaited). */
  end(last: CallHandler<C>): CallPath<Start> {
    const handler = this.stages.reduceRight<CallHandler<unknown>>(
      (next, stage) => (call) => stage.run(call, next),
      last as CallHandler<unknown>,
    );
    return Object.assign(handler as CallHandler<Start>, { stages: this.stages.map((stage) => stage.name) });
  }
}
