// Flat exposure's prompts, resources and completions as a shorter chain of the same stages as a tool call, with its own last step.
import type { AuditLog } from '../../audit/audit-log.js';
import { answerCaps } from '../../call-path/answer-caps.js';
import { CallChain, type CallHandler } from '../../call-path/call-chain.js';
import type { PassthroughAnswer, PassthroughCall, Routed } from '../../call-path/passthrough-call.js';
import { logCalls } from '../../call-path/stages/01-log-calls.js';
import { auditCalls } from '../../call-path/stages/02-audit-calls.js';
import { resolveTarget } from '../../call-path/stages/05-resolve-target.js';
import { requestGates } from '../../call-path/stages/06-request-gates.js';
import { filterOutput } from '../../call-path/stages/07-filter-output.js';
import { rateLimits } from '../../call-path/stages/11-rate-limits.js';
import { answerGates } from '../../call-path/stages/13-response-gates.js';
import { applyTimeout } from '../../call-path/stages/14-apply-timeout.js';
import { forwardRequest } from '../../call-path/stages/15-forward-request.js';
import type { CallGates } from '../../gates/call-gates.js';
import type { Logger } from '../../log/logger.js';
import type { PolicyView } from '../policy-view.js';

export interface PassthroughPipelineOptions {
  logger: Logger;
  /** Read per request: a refresh swaps the policy between requests. */
  policy: () => PolicyView;
  audit: () => AuditLog | undefined;
  /** The same gates as tool calls: one rate limiter counts both. */
  gates: CallGates;
  /** Finds the server that owns the request's prompt, resource or template; throws PROMPT_NOT_FOUND or RESOURCE_NOT_FOUND. */
  route: (target: string, call: PassthroughCall) => Promise<Routed>;
}

export type PassthroughHandler = CallHandler<PassthroughCall, PassthroughAnswer>;

/**
 * What a tool call has but these requests lack is left out: no arguments schema, approvals or provisioning,
 * and no pending-call entry (the client cancels them with notifications/cancelled, as any request). The rate
 * limit comes right after the request gates: routing found the target, so it exists.
 */
export function createPassthroughPipeline(options: PassthroughPipelineOptions): PassthroughHandler {
  const { gates, policy } = options;
  return CallChain.from<PassthroughCall, PassthroughAnswer>()
    .then(logCalls<PassthroughAnswer>(options.logger))
    .then(auditCalls<PassthroughAnswer>(options.audit, policy))
    .then(resolveTarget<PassthroughCall, Routed, PassthroughAnswer>(options.route))
    .then(requestGates<PassthroughAnswer>(gates, policy))
    .then(filterOutput(policy, answerCaps))
    .then(rateLimits<PassthroughAnswer>(gates, policy))
    .then(answerGates<PassthroughAnswer>(gates, policy))
    .then(applyTimeout<PassthroughAnswer>(policy))
    .end(forwardRequest());
}
