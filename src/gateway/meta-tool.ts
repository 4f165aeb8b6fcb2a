// The contract of a meta-tool: a name, a short description, a zod input schema and a handler.
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { z } from 'zod';
export type { UpstreamRelay } from '../downstream/upstream-relay.js';
import type { CallContext } from '../call-path/call-context.js';

export type { CallContext } from '../call-path/call-context.js';

export interface MetaTool<Input extends z.ZodType = z.ZodType> {
  /** Base name without namespace, e.g. `catalog_search`. */
  name: string;
  description: string;
  input: Input;
  annotations?: {
    readOnlyHint?: boolean;
    destructiveHint?: boolean;
    idempotentHint?: boolean;
    openWorldHint?: boolean;
  };
  /**
   * True for meta-tools that change what runs (install, update, register a server, store a credential): each
   * call is judged as `gateway::<name>` by the tool rules, rate limits and approvals, audited, and refused
   * under `provisioning: off` (meta-tool-gates.ts).
   */
  changesWhatRuns?: boolean;
  /** Refusals known from the arguments alone, run before the user is asked to approve the call. */
  check?(args: z.infer<Input>): Promise<void>;
  /** The arguments as the approval question and the audit line show them (a credential's value left out); default: as sent. */
  publicArguments?(args: z.infer<Input>): Record<string, unknown>;
  /** Returns a tool result; throws GatewayError for failures (turned into `isError` results at the edge). */
  handle(args: z.infer<Input>, context: CallContext): Promise<CallToolResult>;
}

export function defineMetaTool<Input extends z.ZodType>(tool: MetaTool<Input>): MetaTool {
  return tool as unknown as MetaTool;
}

/** SPEC: every meta-tool answers with structuredContent plus the same JSON as one compact text block. */
export function jsonResult(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value };
}
