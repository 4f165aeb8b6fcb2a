// The order of gateway.invoke's middlewares, in one place: each concern is one middleware of its own file.
import type { AuditLog } from '../../audit/audit-log.js';
import type { ServerPool } from '../../downstream/server-pool.js';
import { CallGates } from '../../gates/call-gates.js';
import type { Logger } from '../../log/logger.js';
import { ArgumentValidator } from '../argument-validator.js';
import type { CallContext } from '../meta-tool.js';
import type { PendingCalls } from '../pending-calls.js';
import type { PolicyView } from '../policy-view.js';
import { provisionUninstalled } from '../uninstalled-servers.js';
import { approvals, auditCalls, rateLimits, requestGates, responseGates } from './gate-middlewares.js';
import { composeInvoke, type InvokeHandler } from './invoke-pipeline.js';
import * as mw from './middlewares.js';
import { trackPending } from './track-pending.js';

export interface InvokePipelineOptions {
  logger: Logger;
  pool: ServerPool;
  pending: PendingCalls;
  /** Read per call: a refresh swaps the policy between calls. */
  policy: () => PolicyView;
  audit: () => AuditLog | undefined;
  suggest: (toolId: string) => string[];
  prepareUninstalled: (server: string, tool: string, context: CallContext) => Promise<void>;
}

export function createInvokePipeline(options: InvokePipelineOptions): InvokeHandler {
  const { logger, policy } = options;
  const validator = new ArgumentValidator((tool, reason) => logger.warn({ tool, reason }, 'a tool input schema could not be compiled; its arguments are passed through unchecked'));
  const gates = new CallGates({
    onUncompilable: (tool, reason) => logger.warn({ tool, reason }, "a tool's outputSchema could not be compiled; its results are not checked against it"),
  });
  return composeInvoke(
    [
      mw.logCalls(logger),
      auditCalls(options.audit, policy),
      mw.refuseDeepArguments(),
      trackPending(options.pending),
      mw.resolveTarget(),
      // Deny rules and the arguments' size: before anything starts.
      requestGates(gates, policy),
      mw.filterOutput(policy),
      provisionUninstalled(options.prepareUninstalled),
      mw.startServer(options.pool, options.suggest),
      mw.validateArguments(validator),
      // Counted only for a tool that exists, called with valid arguments.
      rateLimits(gates, policy),
      // Only a valid call within its limits is put to the user.
      approvals(policy),
      // On the raw downstream result, before the output caps cut it; the one place its credentials are replaced.
      responseGates(gates, policy),
      mw.applyTimeout(policy),
    ],
    mw.forwardCall(),
  );
}
