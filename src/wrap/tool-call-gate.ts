// The gates one wrapped server's tool calls pass: request gates and approval on the way in, response gates on the way out.
import type { CallToolResult } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { approvalNotAsked, approvalPreview, askApproval, type AskUser } from '../gates/approval.js';
import type { CallGates, GateView } from '../gates/call-gates.js';
import { verdictOf, type GateVerdict } from '../gates/gate-error.js';
import type { GateOutcome } from '../gates/gate-types.js';
import type { PolicyMode } from '../policy/policy-types.js';
import { requiresApproval } from '../policy/tool-rules.js';
import type { OutputSchemas } from './output-schemas.js';

export interface ToolCallGateOptions {
  gates: CallGates;
  /** The policy with the command line's overrides (mode, max message size) applied, and its redactor. */
  view: GateView;
  /** The wrapped server's name in tool ids (`<name>::<tool>`). */
  name: string;
  /** The rate limits' session: one per wrap run. */
  session: string;
  schemas: OutputSchemas;
}

export type { GateVerdict } from '../gates/gate-error.js';

export interface ResponseVerdict extends GateVerdict {
  /** What the client gets when the call is not blocked: the result with any credential replaced, in both modes. */
  result: CallToolResult;
}

/**
 * What the response gates read of a result, checked first: nothing but the proxy stands between the server
 * and them (in the gateway the SDK client parses every reply), and a `content` that is not a list of objects
 * would throw inside them. Loose on purpose: new block types and fields pass.
 */
const GateableResultSchema = z.looseObject({
  content: z.array(z.looseObject({ resource: z.looseObject({}).optional() })).optional(),
  structuredContent: z.looseObject({}).optional(),
});

export class ToolCallGate {
  constructor(private readonly options: ToolCallGateOptions) {}

  get mode(): PolicyMode {
    return this.options.view.policy.mode;
  }

  toolId(tool: string): string {
    return `${this.options.name}::${tool}`;
  }

  /** Deny rules, rate limits and the arguments' size: judged at once, so the call keeps its place among the client's messages. */
  checkRequest(tool: string, argumentBytes: number): GateVerdict {
    const { gates, view, name, session } = this.options;
    return this.verdict(gates.checkCall(view, { session, server: name, tool }, argumentBytes), tool);
  }

  /** The approval rule that matches the tool, if any. */
  approvalReason(tool: string): string | undefined {
    const needed = requiresApproval(this.options.view.policy, this.options.name, tool);
    return needed.required ? needed.reason : undefined;
  }

  /** Asks the user through `ask` (absent: the client cannot be asked, a denial). Monitor mode never asks: it notes the question. */
  async checkApproval(
    tool: string,
    args: unknown,
    reason: string,
    ask: AskUser | undefined,
    signal: AbortSignal,
  ): Promise<GateVerdict> {
    const { view } = this.options;
    if (this.mode === 'monitor') return this.verdict([approvalNotAsked(reason)], tool);
    const outcome = await askApproval(ask, {
      toolId: this.toolId(tool),
      argumentsPreview: approvalPreview(args, view),
      reason,
      timeoutMs: view.policy.approvalTimeoutMs,
      signal,
    });
    return this.verdict([outcome], tool);
  }

  /** The result's size, structuredContent against the tool's listed outputSchema, and credentials in it. */
  checkResponse(tool: string, result: CallToolResult, resultBytes: number): ResponseVerdict {
    const { gates, view, schemas } = this.options;
    const shape = GateableResultSchema.safeParse(result);
    if (!shape.success) {
      const issue = shape.error.issues[0];
      const detail = `the result is not a CallToolResult: ${issue?.path.join('.') || '(result)'} ${issue?.message ?? 'is malformed'}`;
      return { ...this.verdict([{ gate: 'output_schema', passed: false, detail }], tool), result };
    }
    const checked = gates.checkResponse(view, this.toolId(tool), result, schemas.declarationOf(tool), resultBytes);
    return { ...this.verdict(checked.outcomes, tool), result: checked.result };
  }

  private verdict(outcomes: GateOutcome[], tool: string): GateVerdict {
    return verdictOf(outcomes, this.mode, this.toolId(tool));
  }
}
