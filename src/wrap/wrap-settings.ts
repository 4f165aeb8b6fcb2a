// What one `toolgate wrap` run is: the command, its name in tool ids, the flags, and the policy with the flags applied.
import path from 'node:path';
import { auditFileName } from '../audit/audit-files.js';
import type { Policy, PolicyMode } from '../policy/policy-types.js';

export interface WrapSettings {
  command: string;
  args: string[];
  /** The server's name in tool ids (`<name>::<tool>`): --name, or the command's basename. */
  name: string;
  /** --mode; undefined: the policy's mode. */
  mode?: PolicyMode;
  /** --max-message-size; undefined: the policy's gates.max_message_bytes, for tool calls only. */
  maxMessageBytes?: number;
  /** --timeout; undefined: calls may take as long as the client waits. */
  timeoutMs?: number;
  verbose: boolean;
}

/** Server names in tool ids, as the gateway accepts them. */
export const WRAP_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** The command's basename, cut to a valid name (`/usr/bin/mcp server` → `mcp-server`). */
export function defaultWrapName(command: string): string {
  const base = path
    .basename(command)
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 63);
  return base === '' ? 'wrapped' : base;
}

/** The flags win over the policy files: they are explicit for this one run. */
export function applyWrapFlags(policy: Policy, settings: WrapSettings): Policy {
  return {
    ...policy,
    mode: settings.mode ?? policy.mode,
    gates: { ...policy.gates, maxMessageBytes: settings.maxMessageBytes ?? policy.gates.maxMessageBytes },
  };
}

/** The resolved plan that `--dry-run` prints (stable snake_case keys). */
export function describeWrapPlan(
  settings: WrapSettings,
  policy: Policy,
  facts: { resolvedCommand: string; auditDir: string; now: Date },
): Record<string, unknown> {
  const effective = applyWrapFlags(policy, settings);
  const { gates } = effective;
  return {
    command: settings.command,
    resolved_command: facts.resolvedCommand,
    args: settings.args,
    name: settings.name,
    mode: effective.mode,
    policy_files: policy.layers.filter((layer) => !layer.absent).map((layer) => layer.source),
    gates: {
      max_message_bytes: gates.maxMessageBytes,
      whole_message_cap: settings.maxMessageBytes !== undefined,
      output_schema: gates.outputSchema,
      secrets: gates.secrets,
      rate_limit: { per_session: gates.perSessionPerMinute, per_tool: gates.perToolPerMinute },
    },
    tools: {
      allow: effective.layers.flatMap((layer) => layer.tools.allow ?? []),
      deny: effective.layers.flatMap((layer) => layer.tools.deny),
    },
    approval: effective.approval,
    approval_timeout_ms: effective.approvalTimeoutMs,
    timeout_ms: settings.timeoutMs ?? null,
    audit: {
      enabled: effective.audit,
      file: effective.audit ? path.join(facts.auditDir, auditFileName(facts.now)) : null,
    },
  };
}
