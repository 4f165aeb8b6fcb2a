// The standard middlewares of the invoke path, each one concern, in the order composeInvoke runs them.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../../log/logger.js';
import type { ServerPool } from '../../downstream/server-pool.js';
import { GatewayError } from '../../errors/index.js';
import { deepArgumentsError } from '../../gates/deep-arguments.js';
import type { ArgumentValidator } from '../argument-validator.js';
import type { PolicyView } from '../policy-view.js';
import { parseToolId } from '../tool-id.js';
import { redactPassthrough } from '../direct/redact-passthrough.js';
import type { CallContext } from '../meta-tool.js';
import { findTool } from '../tool-resolution.js';
import { filterError } from './filter-error.js';
import { required, type InvokeHandler, type InvokeMiddleware } from './invoke-pipeline.js';

/**
 * Outermost: one log line per call with duration and outcome (no argument values). Successful calls log
 * at debug: a line per call at info costs ~0.07 ms on the hot path; per-call records are the audit log's job.
 */
export function logCalls(logger: Logger): InvokeMiddleware {
  return (next) => async (call) => {
    const started = performance.now();
    try {
      const result = await next(call);
      logger.debug({ tool_id: call.toolId, session: call.context.sessionId, ms: round(performance.now() - started), is_error: result.isError === true }, 'invoke');
      return result;
    } catch (error) {
      const code = error instanceof GatewayError ? error.code : 'INTERNAL';
      logger.info({ tool_id: call.toolId, session: call.context.sessionId, ms: round(performance.now() - started), code }, 'invoke failed');
      throw error;
    }
  };
}

/** Arguments the wire edge cut for nesting too deep are refused before anything else looks at them (but audited). */
export function refuseDeepArguments(): InvokeMiddleware {
  return (next) => (call) => {
    const error = deepArgumentsError(call.toolId, call.arguments);
    if (error) throw error;
    return next(call);
  };
}

export function resolveTarget(): InvokeMiddleware {
  return (next) => (call) => {
    const { server, tool } = parseToolId(call.toolId);
    return next({ ...call, server, tool });
  };
}

export function startServer(pool: ServerPool, suggest: (toolId: string) => string[]): InvokeMiddleware {
  return (next) => async (call) => {
    const { connection, definition } = await findTool(pool, required(call, 'server'), required(call, 'tool'), suggest);
    return next({ ...call, connection, definition });
  };
}

export function validateArguments(validator: ArgumentValidator): InvokeMiddleware {
  return (next) => (call) => {
    validator.validate(call.toolId, required(call, 'definition'), call.arguments);
    return next(call);
  };
}

/** The call's own timeout_ms, else the server entry's timeout_ms, else the policy default; never above policy max_ms. */
export function applyTimeout(policy: () => PolicyView): InvokeMiddleware {
  return (next) => (call) => {
    const view = policy();
    const wish = call.requestedTimeoutMs ?? call.connection?.entry.timeoutMs;
    return next({ ...call, timeoutMs: view.timeoutFor(wish), maxTotalMs: view.policy.timeouts.maxMs });
  };
}

/**
 * Output caps on every result that comes back (redacted by the response gates inside), redaction and caps
 * on thrown errors, and redaction of what the server sends up meanwhile (progress, relayed requests).
 */
export function filterOutput(policy: () => PolicyView): InvokeMiddleware {
  return (next) => async (call) => {
    let result: CallToolResult;
    try {
      result = await next({ ...call, context: redactingContext(call.context, policy) });
    } catch (error) {
      throw await filterError(policy(), error);
    }
    // The response gates replaced every credential in the result already (CallGates.checkResponse): only the caps are left.
    return policy().capOutput(result);
  };
}

/**
 * What else the server sends up during the call gets the same redaction as its result: progress
 * messages, and the text of its sampling and elicitation requests relayed to the client.
 */
function redactingContext(context: CallContext, policy: () => PolicyView): CallContext {
  const redact = <T>(value: T): T => {
    const view = policy();
    return redactPassthrough(value, (text) => view.redact(text));
  };
  const { sendProgress, relay } = context;
  return {
    ...context,
    ...(sendProgress ? { sendProgress: (progress) => sendProgress(redact(progress)) } : {}),
    ...(relay ? { relay: { ...relay, request: (method, params, options) => relay.request(method, redact(params), options) } } : {}),
  };
}

/** The terminal handler: the downstream call itself, with progress and cancellation passed through. */
export function forwardCall(): InvokeHandler {
  return (call) => {
    const { signal, sendProgress } = call.context;
    call.onForward?.();
    return required(call, 'connection').callTool(
      { name: required(call, 'tool'), arguments: call.arguments },
      {
        signal,
        timeoutMs: required(call, 'timeoutMs'),
        ...(call.maxTotalMs === undefined ? {} : { maxTotalMs: call.maxTotalMs }),
        ...(sendProgress ? { onProgress: sendProgress } : {}),
        ...(call.context.relay ? { relay: call.context.relay } : {}),
      },
    );
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
