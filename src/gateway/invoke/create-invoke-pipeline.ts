// gateway.invoke (and a direct call in flat or hybrid mode) as the one call path, ending in the request to a pool server.
import type { AuditLog } from '../../audit/audit-log.js';
import type { CallPath, Found, ReceivedCall } from '../../call-path/call-chain.js';
import { createCallPath } from '../../call-path/create-call-path.js';
import { auditWhenOn } from '../../call-path/stages/02-audit-calls.js';
import type { PrepareServer } from '../../call-path/stages/08-prepare-server.js';
import { forwardCall, type Connected } from '../../call-path/stages/15-forward-call.js';
import type { ServerPool } from '../../downstream/server-pool.js';
import { ArgumentValidator } from '../../gates/argument-validator.js';
import { CallGates } from '../../gates/call-gates.js';
import type { Logger } from '../../log/logger.js';
import type { PendingCalls } from '../pending-calls.js';
import type { PolicyView } from '../policy-view.js';
import { parseToolId } from '../tool-id.js';
import { findTool } from '../tool-resolution.js';

export interface InvokePipelineOptions {
  logger: Logger;
  pool: ServerPool;
  pending: PendingCalls;
  /** Read per call: a refresh swaps the policy between calls. */
  policy: () => PolicyView;
  audit: () => AuditLog | undefined;
  suggest: (toolId: string) => string[];
  prepareUninstalled: PrepareServer;
  /** Shared with the passthrough chain, so that one rate limiter counts every request; made here when absent. */
  gates?: CallGates;
}

export type InvokeHandler = CallPath<ReceivedCall>;

export function createCallGates(logger: Logger): CallGates {
  return new CallGates({
    onUncompilable: (tool, reason) =>
      logger.warn(
        { tool, reason },
        "a tool's outputSchema could not be compiled; its results are not checked against it",
      ),
  });
}

export function createInvokePipeline(options: InvokePipelineOptions): InvokeHandler {
  const { logger, pool } = options;
  const validator = new ArgumentValidator((tool, reason) =>
    logger.warn(
      { tool, reason },
      'a tool input schema could not be compiled; its arguments are passed through unchecked',
    ),
  );
  const gates = options.gates ?? createCallGates(logger);
  return createCallPath<ReceivedCall, Found & Connected>(
    {
      logger,
      audit: auditWhenOn(options.audit),
      policy: options.policy,
      pending: options.pending.registry,
      resolve: parseToolId,
      prepare: options.prepareUninstalled,
      find: (server, tool) => findTool(pool, server, tool, options.suggest),
      validator,
      gates,
    },
    forwardCall(),
  );
}
