// A prompt, resource or completion request of flat exposure as it enters its chain, and the answers it may get.
import {
  CompleteResultSchema,
  EmptyResultSchema,
  GetPromptResultSchema,
  ReadResourceResultSchema,
} from '@modelcontextprotocol/core';
import type { z } from 'zod';
import type { CallKind, ReceivedCall, Resolved, ServerKnown } from './call-chain.js';
import type { Connected } from './stages/15-forward-call.js';

/** The requests that pass through to one server, and the shape each answer must have. */
export const PASSTHROUGH_SCHEMAS = {
  'prompts/get': GetPromptResultSchema,
  'resources/read': ReadResourceResultSchema,
  'resources/subscribe': EmptyResultSchema,
  'completion/complete': CompleteResultSchema,
} as const;

export type PassthroughMethod = keyof typeof PASSTHROUGH_SCHEMAS;
export type PassthroughAnswers = { [M in PassthroughMethod]: z.infer<(typeof PASSTHROUGH_SCHEMAS)[M]> };
export type PassthroughAnswer = PassthroughAnswers[PassthroughMethod];

/**
 * `toolId` is what the client named (a prompt's listed name, a resource URI, a completion's prompt or
 * template); `arguments` are the request's params as sent downstream but for that name (audited, size-gated).
 */
export interface PassthroughCall extends ReceivedCall {
  kind: Exclude<CallKind, 'tool'>;
  method: PassthroughMethod;
}

/** What routing establishes: the server, the target as that server names it, its connection and its timeout wish. */
export type Routed = Resolved & Connected & ServerKnown;
