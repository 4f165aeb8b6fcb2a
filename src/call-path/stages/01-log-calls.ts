// Stage 1, outermost: one log line per call with its duration and outcome (no argument values).
import { GatewayError } from '../../errors/index.js';
import type { Logger } from '../../log/logger.js';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { defineStage, isErrorResult, type ReceivedCall, type Stage } from '../call-chain.js';

/** Successful calls log at debug: a line per call at info costs ~0.07 ms on the hot path; per-call records are the audit log's job. */
export function logCalls<R extends object = CallToolResult>(logger: Logger): Stage<ReceivedCall, unknown, R> {
  return defineStage<ReceivedCall, unknown, R>('log-calls', async (call, next) => {
    const started = performance.now();
    const fields = {
      tool_id: call.toolId,
      ...(call.kind === undefined ? {} : { kind: call.kind }),
      session: call.context.sessionId,
    };
    try {
      const result = await next(call);
      logger.debug({ ...fields, ms: round(performance.now() - started), is_error: isErrorResult(result) }, 'invoke');
      return result;
    } catch (error) {
      const code = error instanceof GatewayError ? error.code : 'INTERNAL';
      logger.info({ ...fields, ms: round(performance.now() - started), code }, 'invoke failed');
      throw error;
    }
  });
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
