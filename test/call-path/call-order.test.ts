// The order of the one call path: the compiler refuses a stage before what it needs, gateway.invoke's chain runs in call order, and wrap's is the same.
import fs from 'node:fs';
import path from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/audit/audit-log.js';
import { CallChain, type ReceivedCall } from '../../src/call-path/call-chain.js';
import { resolveTarget } from '../../src/call-path/stages/05-resolve-target.js';
import { requestGates } from '../../src/call-path/stages/06-request-gates.js';
import { findTool } from '../../src/call-path/stages/09-find-tool.js';
import { applyTimeout } from '../../src/call-path/stages/14-apply-timeout.js';
import { forwardCall } from '../../src/call-path/stages/15-forward-call.js';
import type { ServerPool } from '../../src/downstream/server-pool.js';
import { CallGates } from '../../src/gates/call-gates.js';
import type { PassthroughCall } from '../../src/call-path/passthrough-call.js';
import { forwardRequest } from '../../src/call-path/stages/15-forward-request.js';
import { createInvokePipeline } from '../../src/gateway/invoke/create-invoke-pipeline.js';
import { createPassthroughPipeline } from '../../src/gateway/invoke/create-passthrough-pipeline.js';
import { PendingCalls } from '../../src/gateway/pending-calls.js';
import type { PolicyView } from '../../src/gateway/policy-view.js';
import { parseToolId } from '../../src/gateway/tool-id.js';
import { silentLogger } from '../../src/log/logger.js';
import { CallTracker } from '../../src/wrap/call-tracker.js';
import { ChildCalls } from '../../src/wrap/child-calls.js';
import { createWrapCallPath } from '../../src/wrap/wrap-call-path.js';
import { WrappedTools } from '../../src/wrap/wrapped-tools.js';
import { ROOT } from '../support/gateway-process.js';
import { contextOf, OK, policyOf, receivedCall } from './stage-harness.js';

const definition = {
  name: 'echo',
  inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
};

/** gateway.invoke's real chain over a server that records each step it sees. */
function recordedInvoke(view: PolicyView, answer: CallToolResult = OK) {
  const events: string[] = [];
  const audit: AuditEntry[] = [];
  const pending = new PendingCalls();
  const begin = pending.begin.bind(pending);
  pending.begin = (...args) => (events.push('track pending'), begin(...args));
  const connection = {
    entry: {},
    ensureReady: async () => (events.push('start server'), [definition]),
    callTool: async () => (events.push('forward'), answer),
  };
  const invoke = createInvokePipeline({
    logger: { ...silentLogger, debug: () => void events.push('log'), info: () => void events.push('log') },
    pool: { require: () => connection } as unknown as ServerPool,
    pending,
    policy: () => view,
    audit: () => ({
      record: (entry) => void (events.push('audit'), audit.push(entry)),
      flush: async () => {},
      close: async () => {},
    }),
    suggest: () => [],
    prepareUninstalled: async () => void events.push('prepare server'),
  });
  const askUser = async () => (events.push('ask user'), 'accept' as const);
  const call = (args: Record<string, unknown>) =>
    invoke(receivedCall({ arguments: args, context: contextOf({ askUser }) }));
  return { events, audit, call };
}

describe('the order of the call path', () => {
  it('refuses, at compile time, a stage placed before the stage that establishes what it needs', () => {
    const find = async () => ({}) as never;
    const policy = () => policyOf();
    // @ts-expect-error findTool needs the server and tool that resolveTarget establishes
    CallChain.from<ReceivedCall>().then(findTool(find));
    // @ts-expect-error the request gates need the trace of the audit stage
    CallChain.from<ReceivedCall>().then(resolveTarget(parseToolId)).then(requestGates(new CallGates(), policy));
    // @ts-expect-error the timeout needs the server's own wish, known once the tool is found
    CallChain.from<ReceivedCall>().then(resolveTarget(parseToolId)).then(applyTimeout(policy));
    // @ts-expect-error forwarding needs a found tool and a timeout
    CallChain.from<ReceivedCall>().then(resolveTarget(parseToolId)).end(forwardCall());
    const inOrder = CallChain.from<ReceivedCall>()
      .then(resolveTarget(parseToolId))
      .then(findTool(find))
      .then(applyTimeout(policy));
    expect(inOrder).toBeInstanceOf(CallChain);
  });

  it('runs gateway.invoke through its stages in call order, audit and log last on the way out', async () => {
    const run = recordedInvoke(policyOf('approval:\n  - "srv::*"\n'));
    await expect(run.call({ text: 'hi' })).resolves.toEqual(OK);
    expect(run.events).toEqual([
      'track pending',
      'prepare server',
      'start server',
      'ask user',
      'forward',
      'audit',
      'log',
    ]);
    expect(run.audit[0]?.gates.map((outcome) => outcome.gate)).toEqual([
      'deny',
      'message_size',
      'approval',
      'message_size',
      'secrets',
    ]);
  });

  it('refuses a denied tool before its server is prepared or started', async () => {
    const run = recordedInvoke(policyOf('tools:\n  deny: ["srv::*"]\n'));
    await expect(run.call({ text: 'hi' })).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    expect(run.events).toEqual(['track pending', 'audit', 'log']);
  });

  it('spends no rate allowance on invalid arguments, and puts no rate-limited call to the user', async () => {
    const run = recordedInvoke(policyOf('approval:\n  - "srv::*"\ngates:\n  rate_limit:\n    per_tool: 1\n'));
    await expect(run.call({ text: 3 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
    await expect(run.call({ text: 'hi' })).resolves.toEqual(OK);
    run.events.length = 0;
    await expect(run.call({ text: 'again' })).rejects.toMatchObject({ code: 'GATE_FAILED' });
    expect(run.events).not.toContain('ask user');
    expect(run.events).not.toContain('forward');
  });

  it('judges the raw result before the output caps cut it', async () => {
    const long: CallToolResult = { content: [{ type: 'text', text: 'x'.repeat(20_000) }] };
    const run = recordedInvoke(policyOf('max_output_bytes: 1000\n'), long);
    const result = await run.call({ text: 'hi' });
    expect(JSON.stringify(result).length).toBeLessThan(5_000);
    expect(run.audit[0]?.response_bytes).toBeGreaterThan(20_000);
  });

  it('refuses, at compile time, a passthrough last step before routing and the timeout', () => {
    // @ts-expect-error forwarding a passthrough request needs the routed connection and a timeout
    CallChain.from<PassthroughCall>().end(forwardRequest());
    expect(forwardRequest).toBeTypeOf('function');
  });
});

/** The passthrough chain over a connection that records each step it sees. */
function recordedPassthrough(view: PolicyView) {
  const events: string[] = [];
  const audit: AuditEntry[] = [];
  const connection = {
    entry: {},
    forward: async () => (events.push('forward'), { contents: [{ uri: 'x://1', text: 'hello' }] }),
  };
  const passthrough = createPassthroughPipeline({
    logger: { ...silentLogger, debug: () => void events.push('log'), info: () => void events.push('log') },
    policy: () => view,
    audit: () => ({
      record: (entry) => void (events.push('audit'), audit.push(entry)),
      flush: async () => {},
      close: async () => {},
    }),
    gates: new CallGates(),
    route: async (target) => (events.push('route'), { server: 'srv', tool: target, connection } as never),
  });
  const read = (uri: string) =>
    passthrough({ toolId: uri, kind: 'resource', method: 'resources/read', arguments: { uri }, context: contextOf() });
  return { events, audit, read };
}

describe('the order of the passthrough chain (flat prompts, resources, completions)', () => {
  it('routes, gates, forwards, then audits and logs on the way out', async () => {
    const run = recordedPassthrough(policyOf());
    await expect(run.read('x://1')).resolves.toMatchObject({ contents: [{ text: 'hello' }] });
    expect(run.events).toEqual(['route', 'forward', 'audit', 'log']);
    expect(run.audit[0]).toMatchObject({ kind: 'resource', tool_id: 'x://1', decision: 'allowed' });
    expect(run.audit[0]?.gates.map((outcome) => outcome.gate)).toEqual([
      'deny',
      'message_size',
      'message_size',
      'secrets',
    ]);
  });

  it('refuses a denied resource after routing and before anything is sent, and spends no allowance on it', async () => {
    const run = recordedPassthrough(
      policyOf('tools:\n  deny: ["srv::x://secret*"]\ngates:\n  rate_limit:\n    per_tool: 1\n'),
    );
    await expect(run.read('x://secret')).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    expect(run.events).toEqual(['route', 'audit', 'log']);
    await expect(run.read('x://1')).resolves.toBeDefined();
    await expect(run.read('x://2')).rejects.toMatchObject({ code: 'GATE_FAILED' });
    expect(run.events.filter((event) => event === 'forward')).toHaveLength(1);
  });
});

describe('one call path for every way in', () => {
  it('runs the same stages in the same order for gateway.invoke and for wrap', () => {
    const invoke = createInvokePipeline({
      logger: silentLogger,
      pool: {} as ServerPool,
      pending: new PendingCalls(),
      policy: () => policyOf(),
      audit: () => undefined,
      suggest: () => [],
      prepareUninstalled: async () => undefined,
    });
    const wrap = createWrapCallPath({
      policy: policyOf(),
      name: 'fx',
      tools: new WrappedTools(),
      pending: { begin: () => ({ signal: new AbortController().signal, markRunning() {}, end() {} }) },
      child: new ChildCalls(new CallTracker(), () => undefined),
      onNote: () => undefined,
    });
    const stages = [
      'log-calls',
      'audit-calls',
      'refuse-deep-arguments',
      'track-pending',
      'resolve-target',
      'request-gates',
      'filter-output',
      'prepare-server',
      'find-tool',
      'validate-arguments',
      'rate-limits',
      'approvals',
      'response-gates',
      'apply-timeout',
    ];
    expect(invoke.stages).toEqual(stages);
    expect(wrap.stages).toEqual(stages);
    // The stage files are numbered in the same order; the last steps (one per kind of call) come after them, at 15.
    const files = fs.readdirSync(path.join(ROOT, 'src/call-path/stages')).filter((file) => /^\d\d-/.test(file));
    const nameOf = (file: string) => file.replace(/^\d\d-|\.ts$/g, '');
    expect(
      files
        .filter((file) => !file.startsWith('15-'))
        .sort()
        .map(nameOf),
    ).toEqual(stages);
    expect(files.filter((file) => file.startsWith('15-')).sort()).toEqual([
      '15-forward-call.ts',
      '15-forward-request.ts',
    ]);
  });

  it('runs the passthrough chain through a subset of the same stages, in the same order', () => {
    const passthrough = createPassthroughPipeline({
      logger: silentLogger,
      policy: () => policyOf(),
      audit: () => undefined,
      gates: new CallGates(),
      route: async () => ({}) as never,
    });
    expect(passthrough.stages).toEqual([
      'log-calls',
      'audit-calls',
      'resolve-target',
      'request-gates',
      'filter-output',
      'rate-limits',
      'response-gates',
      'apply-timeout',
    ]);
  });
});
