// Flat exposure's prompts, resources and completions: the passthrough chain of the call path, ending in the request to the routed server.
import type { AuditLog } from '../../audit/audit-log.js';
import type { CallPath } from '../../call-path/call-chain.js';
import { createPassthroughPath } from '../../call-path/create-call-path.js';
import type { PassthroughAnswer, PassthroughCall, Routed } from '../../call-path/passthrough-call.js';
import { auditWhenOn } from '../../call-path/stages/02-audit-calls.js';
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

export type PassthroughHandler = CallPath<PassthroughCall, PassthroughAnswer>;

export function createPassthroughPipeline(options: PassthroughPipelineOptions): PassthroughHandler {
  return createPassthroughPath({ ...options, audit: auditWhenOn(options.audit) }, forwardRequest());
}
