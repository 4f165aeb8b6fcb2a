// The one call path, composed once: stages 1..14 in call order, for every way in; each way in brings its own last step.
import type { CallGates } from '../gates/call-gates.js';
import type { Logger } from '../log/logger.js';
import {
  CallChain,
  type CallHandler,
  type CallPath,
  type Found,
  type ReceivedCall,
  type Resolved,
  type Timed,
  type Traced,
  type Tracked,
} from './call-chain.js';
import type { CallPolicySource } from './call-policy.js';
import { logCalls } from './stages/01-log-calls.js';
import { auditCalls, type AuditSource } from './stages/02-audit-calls.js';
import { refuseDeepArguments } from './stages/03-refuse-deep-arguments.js';
import { trackPending, type PendingRegistry } from './stages/04-track-pending.js';
import { resolveTarget } from './stages/05-resolve-target.js';
import { requestGates } from './stages/06-request-gates.js';
import { filterOutput } from './stages/07-filter-output.js';
import { prepareServer, type PrepareServer } from './stages/08-prepare-server.js';
import { findTool, type FindTool } from './stages/09-find-tool.js';
import { validateArguments, type ArgumentCheck } from './stages/10-validate-arguments.js';
import { rateLimits } from './stages/11-rate-limits.js';
import { approvals } from './stages/12-approvals.js';
import { responseGates } from './stages/13-response-gates.js';
import { applyTimeout } from './stages/14-apply-timeout.js';

/** What differs between the ways in (gateway.invoke, a direct call, wrap): where each stage reads from, not which stages run. */
export interface CallPathParts<Start extends ReceivedCall, F extends Found> {
  logger: Logger;
  audit: AuditSource;
  /** Read per call: a refresh swaps the policy between calls. */
  policy: CallPolicySource;
  pending: PendingRegistry<Start>;
  /** Splits a tool id; throws the caller's error for a malformed one. */
  resolve: (toolId: string) => Resolved;
  prepare: PrepareServer;
  find: FindTool<F>;
  validator: ArgumentCheck;
  gates: CallGates;
}

/** What the last step gets: everything the stages established. */
export type ReadyCall<Start, F extends Found> = Start & Traced & Tracked & Resolved & F & Timed;

export function createCallPath<Start extends ReceivedCall, F extends Found>(
  parts: CallPathParts<Start, F>,
  last: CallHandler<ReadyCall<Start, F>>,
): CallPath<Start> {
  const { policy, gates } = parts;
  return CallChain.from<Start>()
    .then(logCalls(parts.logger))
    .then(auditCalls(parts.audit, policy))
    .then(refuseDeepArguments())
    .then(trackPending(parts.pending))
    .then(resolveTarget(parts.resolve))
    .then(requestGates(gates, policy))
    .then(filterOutput(policy))
    .then(prepareServer(parts.prepare))
    .then(findTool(parts.find))
    .then(validateArguments(parts.validator))
    .then(rateLimits(gates, policy))
    .then(approvals(policy))
    .then(responseGates(gates, policy))
    .then(applyTimeout(policy))
    .end(last);
}
