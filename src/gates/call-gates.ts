// The gates a tool call passes: deny rules, rate limits and size on the way in; size, output schema and secrets on the way out.
import { countOf } from '../errors/index.js';
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { Policy } from '../policy/policy-types.js';
import { redactJson, type Redactor } from '../redaction/index.js';
import { decideNamed, decideTool } from '../policy/tool-rules.js';
import type { CallKind, GateOutcome } from './gate-types.js';
import { RateLimiter } from './rate-limiter.js';
import { SchemaCompiler } from './schema-compiler.js';
import { describeErrors } from './schema-problems.js';

/** The policy a call is judged by, read once per call (a refresh may swap it between calls). */
export interface GateView {
  policy: Policy;
  /** Known credential values and the redact rules (the secrets gate's scanner). */
  redactor: Redactor;
}

export interface GateSubject {
  session: string;
  /**
   * Who the session's client is, across its sessions (see clientIdentity in src/upstream): per_session
   * limits count against it too, so opening a new session does not reset the allowance.
   */
  client?: string;
  server: string;
  /** The tool; for another kind, the prompt name, resource URI or completion target as the server names it. */
  tool: string;
  /** Absent: a tool call. */
  kind?: CallKind;
}

export interface ResponseCheck<R = CallToolResult> {
  outcomes: GateOutcome[];
  /** The result with credentials replaced (whatever the secrets gate decided); the result itself when it held none. */
  result: R;
}

/** A tool's declared output, as far as the output-schema gate needs it. */
export interface OutputDeclaration {
  outputSchema?: Record<string, unknown>;
}

export interface CallGatesOptions {
  now?: () => number;
  /** Hears once per tool when its outputSchema cannot be compiled (that gate is then skipped for it). */
  onUncompilable?: (tool: string, reason: string) => void;
}

export class CallGates {
  private readonly limiter: RateLimiter;
  private readonly schemas: SchemaCompiler;

  constructor(options: CallGatesOptions = {}) {
    this.limiter = new RateLimiter(options.now);
    this.schemas = new SchemaCompiler(options.onUncompilable);
  }

  /**
   * Deny rules and the arguments' size: what can be judged before the tool is known to exist. A session
   * already out of calls is refused here too (nothing is taken), before any server starts for it.
   */
  checkRequest(view: GateView, subject: GateSubject, argumentBytes: number): GateOutcome[] {
    const decision = isToolCall(subject)
      ? decideTool(view.policy, subject.server, subject.tool)
      : decideNamed(view.policy, subject.server, subject.tool);
    const outcomes: GateOutcome[] = [
      { gate: 'deny', passed: decision.allowed, ...(decision.allowed ? {} : { detail: decision.reason }) },
      sizeGate('arguments', argumentBytes, view.policy.gates.maxMessageBytes),
    ];
    const perSession = view.policy.gates.perSessionPerMinute;
    const wait =
      perSession > 0
        ? Math.max(...sessionKeysOf(subject).map((key) => this.limiter.retryAfterSeconds(key, perSession)))
        : 0;
    if (wait > 0) outcomes.push(sessionLimited(perSession, wait));
    return outcomes;
  }

  /** checkRequest, then the rate limits when it passed: for a caller that cannot tell first whether the tool exists (wrap). */
  checkCall(view: GateView, subject: GateSubject, argumentBytes: number): GateOutcome[] {
    const outcomes = this.checkRequest(view, subject, argumentBytes);
    const rate = outcomes.every((outcome) => outcome.passed) ? this.checkRate(view, subject) : undefined;
    return rate ? [...outcomes, rate] : outcomes;
  }

  /**
   * The rate limits, for a call every other request gate let through and whose tool exists: a refused
   * call spends no allowance, and a made-up tool name makes no bucket. Undefined when no limit is set.
   */
  checkRate(view: GateView, subject: GateSubject): GateOutcome | undefined {
    const { perSessionPerMinute, perToolPerMinute } = view.policy.gates;
    if (perSessionPerMinute <= 0 && perToolPerMinute <= 0) return undefined;
    // A prompt, resource or completion request counts against its server (per kind), not per name or URI:
    // a client cannot dodge per_tool by asking for another URI each time.
    const bucket = isToolCall(subject) ? `${subject.server}::${subject.tool}` : `${subject.server} ${subject.kind}s`;
    return this.rateGate(subject, bucket, perSessionPerMinute, perToolPerMinute);
  }

  /** `result`: a tool's result, or (flat exposure) a prompt, resource or completion answer, which has no output schema. */
  checkResponse<R extends object = CallToolResult>(
    view: GateView,
    toolId: string,
    result: R,
    declared: OutputDeclaration | undefined,
    resultBytes: number,
  ): ResponseCheck<R> {
    const { gates } = view.policy;
    const outcomes: GateOutcome[] = [sizeGate('result', resultBytes, gates.maxMessageBytes)];
    if (gates.outputSchema && declared?.outputSchema && (result as CallToolResult).isError !== true)
      outcomes.push(this.schemaGate(toolId, result as CallToolResult, declared));
    // Credentials are replaced whatever the gate says (as the gateway's output filter does): the gate only
    // decides whether output that held one may pass at all.
    const scanned = scanSecrets(result, view.redactor);
    if (gates.secrets === 'off') return { outcomes, result: scanned.result };
    if (scanned.count === 0) {
      outcomes.push({ gate: 'secrets', passed: true });
      return { outcomes, result };
    }
    const found = `${scanned.count} credential${scanned.count === 1 ? '' : 's'} found in the output`;
    if (gates.secrets === 'block')
      outcomes.push({ gate: 'secrets', passed: false, detail: `${found} (gates.secrets: block)` });
    else outcomes.push({ gate: 'secrets', passed: true, detail: `${found} and redacted` });
    return { outcomes, result: scanned.result };
  }

  private rateGate(subject: GateSubject, toolId: string, perSession: number, perTool: number): GateOutcome {
    const sessionKeys = sessionKeysOf(subject);
    const toolKey = `tool\u0000${toolId}`;
    const taken = this.limiter.take([...sessionKeys.map((key) => [key, perSession] as const), [toolKey, perTool]]);
    if (taken === 'allowed') return { gate: 'rate_limit', passed: true };
    if (taken === 'full')
      return {
        gate: 'rate_limit',
        passed: false,
        detail: 'too many sessions and tools are being rate-limited at once; retry in a minute',
      };
    // Name the limit that ran out (the session's first: it is the wider one).
    const sessionWait = Math.max(...sessionKeys.map((key) => this.limiter.retryAfterSeconds(key, perSession)));
    if (perSession > 0 && sessionWait > 0) return sessionLimited(perSession, sessionWait);
    const wait = this.limiter.retryAfterSeconds(toolKey, perTool);
    return {
      gate: 'rate_limit',
      passed: false,
      detail: isToolCall(subject)
        ? `${toolId} was called more than ${perTool} times in a minute (gates.rate_limit.per_tool); retry in ${wait} s`
        : `${subject.server} was asked for a ${subject.kind} more than ${perTool} times in a minute (gates.rate_limit.per_tool, counted per server for prompts, resources and completions); retry in ${wait} s`,
    };
  }

  private schemaGate(toolId: string, result: CallToolResult, declared: OutputDeclaration): GateOutcome {
    const schema = declared.outputSchema as Record<string, unknown>;
    if (result.structuredContent === undefined) {
      return {
        gate: 'output_schema',
        passed: false,
        detail: 'the tool declares an outputSchema but its result has no structuredContent',
      };
    }
    const validate = this.schemas.validatorFor(schema, toolId, schema);
    if (!validate || validate(result.structuredContent)) return { gate: 'output_schema', passed: true };
    const problems = describeErrors(validate.errors ?? []).slice(0, 5);
    return {
      gate: 'output_schema',
      passed: false,
      detail: `structuredContent does not match the tool's outputSchema: ${problems.map((p) => `${p.field || '(root)'} ${p.problem}`).join('; ')}`,
    };
  }
}

function isToolCall(subject: GateSubject): boolean {
  return subject.kind === undefined || subject.kind === 'tool';
}

/** The per_session buckets of a call: its session's, and its client identity's when known. */
function sessionKeysOf(subject: GateSubject): string[] {
  const session = `session\u0000${subject.session}`;
  return subject.client === undefined ? [session] : [session, `client\u0000${subject.client}`];
}

function sessionLimited(perSession: number, waitSeconds: number): GateOutcome {
  return {
    gate: 'rate_limit',
    passed: false,
    detail: `this session (or another session of the same client) made more than ${countOf(perSession, 'call')} in a minute (gates.rate_limit.per_session); retry in ${waitSeconds} s`,
  };
}

/** UTF-8 size of a value as JSON (what travels on the wire, give or take the envelope). */
export function jsonBytes(value: unknown): number {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

function sizeGate(what: 'arguments' | 'result', bytes: number, max: number): GateOutcome {
  if (bytes <= max) return { gate: 'message_size', passed: true };
  return {
    gate: 'message_size',
    passed: false,
    detail: `the ${what} take ${bytes} bytes, over gates.max_message_bytes (${max})`,
  };
}

/** Every string of the result, keys included (`_meta`, a mimeType, a structuredContent key hide a credential as well as text). */
function scanSecrets<R>(result: R, redactor: Redactor): { count: number; result: R } {
  let count = 0;
  const redacted = redactJson(result, (text) => {
    const found = redactor(text);
    count += found.count;
    return found.text;
  });
  return { count, result: count === 0 ? result : (redacted as R) };
}
