// Meta-tools that change what runs pass the same stages as a downstream call, as the tool `gateway::<name>`.
import type { AuditLog } from '../../audit/audit-log.js';
import {
  CallChain,
  defineStage,
  type ReceivedCall,
  type Resolved,
  type Stage,
  type Traced,
} from '../../call-path/call-chain.js';
import { auditCalls, auditWhenOn } from '../../call-path/stages/02-audit-calls.js';
import { requestGates } from '../../call-path/stages/06-request-gates.js';
import { rateLimits } from '../../call-path/stages/11-rate-limits.js';
import { approvals } from '../../call-path/stages/12-approvals.js';
import { GatewayError } from '../../errors/index.js';
import { CallGates } from '../../gates/call-gates.js';
import type { MetaTool } from '../meta-tool.js';
import type { PolicyView } from '../policy-view.js';
import { META_NAMESPACE } from '../tool-names.js';

export interface MetaToolGateOptions {
  /** Read per call: a refresh swaps the policy between calls. */
  policy: () => PolicyView;
  audit: () => AuditLog | undefined;
}

/**
 * Wraps each meta-tool marked `changesWhatRuns`: audited (via `meta`), refused under `provisioning: off`,
 * judged by the tool rules (`gateway::auth_connect`, `gateway::*`, `*::*`) and rate limits, checked, then
 * approved, like `gateway.invoke` judges `server::tool`. Other meta-tools are returned as they are.
 */
export function gateMetaTools(tools: readonly MetaTool[], options: MetaToolGateOptions): MetaTool[] {
  const gates = new CallGates();
  return tools.map((tool) => (tool.changesWhatRuns ? gateMetaTool(tool, gates, options) : tool));
}

function gateMetaTool(tool: MetaTool, gates: CallGates, options: MetaToolGateOptions): MetaTool {
  const { policy } = options;
  return {
    ...tool,
    async handle(args, context) {
      const shown = tool.publicArguments?.(args) ?? (args as Record<string, unknown>);
      const chain = CallChain.from<ReceivedCall & Resolved>()
        .then(auditCalls(auditWhenOn(options.audit), policy))
        .then(provisioningSwitch(policy))
        .then(requestGates(gates, policy))
        .then(runCheck(tool, args))
        .then(rateLimits(gates, policy))
        .then(approvals(policy))
        // The handler gets the arguments as sent; the stages only ever saw `shown`.
        .end((call) => tool.handle(args, call.context));
      return chain({
        toolId: `${META_NAMESPACE}::${tool.name}`,
        server: META_NAMESPACE,
        tool: tool.name,
        arguments: shown,
        context: { ...context, via: 'meta' },
      });
    },
  };
}

/** `provisioning: off` stops every meta-tool that changes what runs, in monitor mode too (as it always stopped provision). */
function provisioningSwitch(policy: () => PolicyView): Stage<ReceivedCall & Traced> {
  return defineStage<ReceivedCall & Traced>('provisioning-switch', (call, next) => {
    const view = policy();
    if (view.policy.provisioning !== 'off') return next(call);
    call.trace.gates.push({ gate: 'deny', passed: false, detail: 'provisioning: off' });
    throw new GatewayError(
      'POLICY_DENIED',
      `${call.toolId} changes what runs, and provisioning is turned off by policy (provisioning: off).`,
      {
        hint: 'Ask the user to store a credential themselves (toolgate secrets set) or to change provisioning in the policy file.',
        details: { tool_id: call.toolId, policy_files: view.sources },
      },
    );
  });
}

function runCheck(tool: MetaTool, args: unknown): Stage<ReceivedCall> {
  return defineStage<ReceivedCall>('meta-tool-check', async (call, next) => {
    await tool.check?.(args);
    return next(call);
  });
}
