// gateway.invoke (and a direct call in flat or hybrid mode) as the one call path: the stages of src/call-path/stages in call order.
import type { AuditLog } from '../../audit/audit-log.js';
import { CallChain, type CallHandler, type ReceivedCall } from '../../call-path/call-chain.js';
import { logCalls } from '../../call-path/stages/01-log-calls.js';
import { auditCalls } from '../../call-path/stages/02-audit-calls.js';
import { refuseDeepArguments } from '../../call-path/stages/03-refuse-deep-arguments.js';
import { trackPending } from '../../call-path/stages/04-track-pending.js';
import { resolveTarget } from '../../call-path/stages/05-resolve-target.js';
import { requestGates } from '../../call-path/stages/06-request-gates.js';
import { filterOutput } from '../../call-path/stages/07-filter-output.js';
import { prepareServer, type PrepareServer } from '../../call-path/stages/08-prepare-server.js';
import { findTool as findToolStage } from '../../call-path/stages/09-find-tool.js';
import { validateArguments } from '../../call-path/stages/10-validate-arguments.js';
import { rateLimits } from '../../call-path/stages/11-rate-limits.js';
import { approvals } from '../../call-path/stages/12-approvals.js';
import { responseGates } from '../../call-path/stages/13-response-gates.js';
import { applyTimeout } from '../../call-path/stages/14-apply-timeout.js';
import { forwardCall } from '../../call-path/stages/15-forward-call.js';
import type { ServerPool } from '../../downstream/server-pool.js';
import { CallGates } from '../../gates/call-gates.js';
import type { Logger } from '../../log/logger.js';
import { ArgumentValidator } from '../argument-validator.js';
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

export type InvokeHandler = CallHandler<ReceivedCall>;

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
  const { logger, policy, pool } = options;
  const validator = new ArgumentValidator((tool, reason) =>
    logger.warn(
      { tool, reason },
      'a tool input schema could not be compiled; its arguments are passed through unchecked',
    ),
  );
  const gates = options.gates ?? createCallGates(logger);
  return CallChain.from<ReceivedCall>()
    .then(logCalls(logger))
    .then(auditCalls(options.audit, policy))
    .then(refuseDeepArguments())
    .then(trackPending(options.pending))
    .then(resolveTarget(parseToolId))
    .then(requestGates(gates, policy))
    .then(filterOutput(policy))
    .then(prepareServer(options.prepareUninstalled))
    .then(findToolStage((server, tool) => findTool(pool, server, tool, options.suggest)))
    .then(validateArguments(validator))
    .then(rateLimits(gates, policy))
    .then(approvals(policy))
    .then(responseGates(gates, policy))
    .then(applyTimeout(policy))
    .end(forwardCall());
}
