// wrap's tools/call as the one call path: the same stages as gateway.invoke, over the wrapped child's tool list, ending in the request to the child.
import type { AuditLog } from '../audit/audit-log.js';
import type { CallPath } from '../call-path/call-chain.js';
import type { CallPolicy } from '../call-path/call-policy.js';
import { createCallPath } from '../call-path/create-call-path.js';
import type { AuditSink } from '../call-path/stages/02-audit-calls.js';
import type { PendingRegistry } from '../call-path/stages/04-track-pending.js';
import { ArgumentValidator } from '../gates/argument-validator.js';
import { CallGates } from '../gates/call-gates.js';
import { silentLogger } from '../log/logger.js';
import type { ChildCalls } from './child-calls.js';
import { verboseLine } from './verbose-line.js';
import type { WrapCall } from './wrap-call.js';
import type { WrappedTools } from './wrapped-tools.js';

export interface WrapCallPathOptions {
  /** The policy with the command line's overrides applied, and its redactor. */
  policy: CallPolicy;
  /** The wrapped server's name in tool ids (`<name>::<tool>`). */
  name: string;
  tools: WrappedTools;
  pending: PendingRegistry<WrapCall>;
  child: ChildCalls;
  /** Absent when the policy turns auditing off. */
  audit?: AuditLog;
  /** --timeout: the server's own timeout wish; undefined: the policy's default. */
  timeoutMs?: number;
  /** One line per call (--verbose). */
  onVerbose?: (line: string) => void;
  /** Something the user should know (a schema that does not compile). */
  onNote: (line: string) => void;
}

export function createWrapCallPath(options: WrapCallPathOptions): CallPath<WrapCall> {
  const { name, tools, onVerbose, onNote } = options;
  const prefix = `${name}::`;
  const sink: AuditSink = {
    record(entry) {
      options.audit?.record(entry);
      onVerbose?.(verboseLine(entry));
    },
  };
  return createCallPath<WrapCall, ReturnType<typeof findWrapped>>(
    {
      // wrap has no JSON log: its line per call is --verbose, made from the audit entry.
      logger: silentLogger,
      audit: () => (options.audit || onVerbose ? sink : undefined),
      policy: () => options.policy,
      pending: options.pending,
      resolve: (toolId) => ({ server: name, tool: toolId.slice(prefix.length) }),
      // The wrapped child runs for the whole of the run: there is nothing to install or start.
      prepare: () => undefined,
      find: (server, tool) => findWrapped(tools, server, tool, options.timeoutMs),
      validator: new ArgumentValidator((tool, reason) =>
        onNote(`the inputSchema of ${tool} does not compile, so its arguments are not checked against it (${reason})`),
      ),
      gates: new CallGates({
        onUncompilable: (tool, reason) =>
          onNote(`the outputSchema of ${tool} does not compile, so its results are not checked against it (${reason})`),
      }),
    },
    (call) => options.child.send(call),
  );
}

function findWrapped(tools: WrappedTools, server: string, tool: string, timeoutMs: number | undefined) {
  return { definition: tools.find(server, tool), serverTimeoutMs: timeoutMs };
}
