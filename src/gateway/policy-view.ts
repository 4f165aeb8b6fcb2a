// The policy as the gateway uses it: cached decisions, the redactor, output filtering and timeouts.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { limitOutput } from '../policy/limit-output.js';
import type { Decision, Policy } from '../policy/policy-types.js';
import { createRedactor, type Redactor } from '../policy/redact.js';
import { decideServer, decideTool } from '../policy/tool-rules.js';

/** Decisions remembered per tool id; far more than any catalog, so the cache stays bounded. */
const MAX_CACHED_DECISIONS = 100_000;

export class PolicyView {
  private readonly redactor: Redactor;
  private readonly decisions = new Map<string, Decision>();

  /** `knownSecrets` are exact credential values (from config env and the secrets store) to redact. */
  constructor(
    readonly policy: Policy,
    knownSecrets: readonly string[] = [],
  ) {
    this.redactor = createRedactor(policy.redact, knownSecrets);
  }

  get sources(): string[] {
    return this.policy.layers.map((layer) => layer.source);
  }

  decideServer(server: string): Decision {
    return decideServer(this.policy, server);
  }

  decideTool(server: string, tool: string): Decision {
    const key = `${server}::${tool}`;
    let decision = this.decisions.get(key);
    if (!decision) {
      decision = decideTool(this.policy, server, tool);
      if (this.decisions.size >= MAX_CACHED_DECISIONS) this.decisions.clear();
      this.decisions.set(key, decision);
    }
    return decision;
  }

  isVisible(server: string, tool: string): boolean {
    return this.decideTool(server, tool).allowed;
  }

  /** The caller's wish, or the policy default, never above the policy maximum. */
  timeoutFor(requestedMs: number | undefined): number {
    return Math.min(requestedMs ?? this.policy.timeouts.defaultMs, this.policy.timeouts.maxMs);
  }

  async filterOutput(result: CallToolResult): Promise<CallToolResult> {
    const limited = await limitOutput(result, { maxBytes: this.policy.maxOutputBytes, maxTokens: this.policy.maxOutputTokens }, this.redactor);
    return limited.result;
  }
}
