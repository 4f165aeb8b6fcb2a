// The one call path, composed once: stages 1..14 in call order, for every way in, and the shorter chain of the same
// stages for flat prompts, resources and completions; each way in brings its own last step.
import type { CallGates } from '../gates/call-gates.js';
import type { Logger } from '../log/logger.js';
import { answerCaps } from './answer-caps.js';
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
import type { PassthroughAnswer, PassthroughCall, Routed } from './passthrough-call.js';
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
import { answerGates, responseGates } from './stages/13-response-gates.js';
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

/** What differs for the passthrough chain: routing finds the server (and its connection) that owns the target. */
export interface PassthroughPathParts {
  logger: Logger;
  audit: AuditSource;
  /** Read per request: a refresh swaps the policy between requests. */
  policy: CallPolicySource;
  /** Throws PROMPT_NOT_FOUND or RESOURCE_NOT_FOUND for a target no server lists. */
  route: (target: string, call: PassthroughCall) => Promise<Routed>;
  /** The tool calls' gates: one rate limiter counts both. */
  gates: CallGates;
}

/**
 * The same stage files in the same order, minus what a tool call has and these requests lack: no arguments
 * schema, approvals or provisioning, no pending-call entry (the client cancels them with
 * notifications/cancelled, as any request). Routing is the resolve stage and finds the target, so the rate
 * limit comes right after the request gates and the output filter.
 */
export function createPassthroughPath(
  parts: PassthroughPathParts,
  last: CallHandler<PassthroughCall & Traced & Routed & Timed, PassthroughAnswer>,
): CallPath<PassthroughCall, PassthroughAnswer> {
  const { policy, gates } = parts;
  return CallChain.from<PassthroughCall, PassthroughAnswer>()
    .then(logCalls<PassthroughAnswer>(parts.logger))
    .then(auditCalls<PassthroughAnswer>(parts.audit, policy))
    .then(resolveTarget<PassthroughCall, Routed, PassthroughAnswer>(parts.route))
    .then(requestGates<PassthroughAnswer>(gates, policy))
    .then(filterOutput(policy, answerCaps))
    .then(rateLimits<PassthroughAnswer>(gates, policy))
    .then(answerGates<PassthroughAnswer>(gates, policy))
    .then(applyTimeout<PassthroughAnswer>(policy))
    .end(last);
}
