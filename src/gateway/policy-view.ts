// The policy as the gateway uses it: cached decisions, the redactor, output filtering and timeouts.
import type { CallToolResult } from '@modelcontextprotocol/server';
import { createCallPolicy, type CallPolicy } from '../call-path/call-policy.js';
import type { Decision, Policy } from '../policy/policy-types.js';
import { createRedactor } from '../redaction/index.js';
import { decideServer, decideTool, isPinned, mayHavePinnedTools, type ApprovalDecision } from '../policy/tool-rules.js';
import type { GateView } from '../gates/call-gates.js';

export class PolicyView implements CallPolicy {
  /** What a call's stages read: approvals, timeouts, redaction and the output caps. */
  private readonly call: CallPolicy;

  /** `knownSecrets` are exact credential values (from config env and the secrets store) to redact. */
  constructor(
    readonly policy: Policy,
    knownSecrets: readonly string[] = [],
  ) {
    this.call = createCallPolicy(policy, createRedactor(policy.redact, knownSecrets));
  }

  get sources(): string[] {
    return this.policy.layers.filter((layer) => !layer.absent).map((layer) => layer.source);
  }

  decideServer(server: string): Decision {
    return decideServer(this.policy, server);
  }

  /** Cheap to call per search hit: tool-rules compiles the globs and remembers answers per policy. */
  decideTool(server: string, tool: string): Decision {
    return decideTool(this.policy, server, tool);
  }

  isPinned(server: string, tool: string): boolean {
    return isPinned(this.policy, server, tool);
  }

  mayHavePinnedTools(server: string): boolean {
    return mayHavePinnedTools(this.policy, server);
  }

  approvalFor(server: string, tool: string): ApprovalDecision {
    return this.call.approvalFor(server, tool);
  }

  /** What the call gates judge by: this policy and its redactor. */
  get gates(): GateView {
    return this.call.gates;
  }

  /**
   * Whether search, describe and direct listings show the tool. In monitor mode a denied tool is shown
   * too: its calls go through (logged as would_block), and hiding it would keep the log from ever
   * seeing how it is used.
   */
  isVisible(server: string, tool: string): boolean {
    return this.policy.mode === 'monitor' || this.decideTool(server, tool).allowed;
  }

  /** The same for a whole server (whether to start it to learn its tools). */
  isServerVisible(server: string): boolean {
    return this.policy.mode === 'monitor' || this.decideServer(server).allowed;
  }

  /** The caller's wish, or the policy default, never above the policy maximum. */
  timeoutFor(requestedMs: number | undefined): number {
    return this.call.timeoutFor(requestedMs);
  }

  /** Known credential values and the redact rules, applied to one text (no output caps). */
  redact(text: string): string {
    return this.call.redact(text);
  }

  /** Redaction and the output caps. */
  filterOutput(result: CallToolResult): Promise<CallToolResult> {
    return this.call.filterOutput(result);
  }

  /** The output caps only, for a result the secrets gate has redacted already. */
  capOutput(result: CallToolResult): Promise<CallToolResult> {
    return this.call.capOutput(result);
  }
}
