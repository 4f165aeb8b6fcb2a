// The one call path of gateway.invoke: middlewares `(next) => call`, composed in one place.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { DownstreamTool } from '../../downstream/downstream-tool.js';
import type { ServerConnection } from '../../downstream/server-connection.js';
import type { GateOutcome } from '../../gates/gate-types.js';
import type { CallContext } from '../meta-tool.js';

export interface InvokeCall {
  toolId: string;
  arguments: Record<string, unknown>;
  /** The caller's own timeout wish; clamped by policy. */
  requestedTimeoutMs?: number;
  context: CallContext;
  /** Filled in by the pipeline as it goes. */
  server?: string;
  tool?: string;
  connection?: ServerConnection;
  definition?: DownstreamTool;
  timeoutMs?: number;
  maxTotalMs?: number;
  /** What the gates found, for the audit record (set by the audit middleware; one object shared by every copy of this call). */
  trace?: CallTrace;
  /** Called just before the request goes downstream (pending-call state "running"). */
  onForward?: () => void;
}

export interface CallTrace {
  gates: GateOutcome[];
  /** The arguments' JSON size, measured once for the audit line and the size gate. */
  requestBytes?: number;
  /** The downstream result's JSON size, as the response gates measured it. */
  resultBytes?: number;
}

export type InvokeHandler = (call: InvokeCall) => Promise<CallToolResult>;
export type InvokeMiddleware = (next: InvokeHandler) => InvokeHandler;

/** The first middleware is the outermost: it sees the call first and the result last. */
export function composeInvoke(middlewares: readonly InvokeMiddleware[], terminal: InvokeHandler): InvokeHandler {
  return middlewares.reduceRight<InvokeHandler>((next, middleware) => middleware(next), terminal);
}

/** Narrows a field the pipeline filled in earlier; a missing one is a wiring bug, not user error. */
export function required<K extends keyof InvokeCall>(call: InvokeCall, key: K): NonNullable<InvokeCall[K]> {
  const value = call[key];
  if (value === undefined || value === null) throw new Error(`invoke pipeline: "${String(key)}" was not set before it was needed`);
  return value as NonNullable<InvokeCall[K]>;
}
