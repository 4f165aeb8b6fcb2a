// Runs a WrapProxy in-process over plain streams, with an in-memory audit log, for routing tests.
import { PassThrough } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { AuditEntry, AuditLog } from '../../src/audit/audit-log.js';
import { createCallPolicy } from '../../src/call-path/call-policy.js';
import { mergePolicy, parsePolicyLayer } from '../../src/policy/load-policy.js';
import { createRedactor } from '../../src/redaction/index.js';
import { WrapProxy, type WrapProxyOptions } from '../../src/wrap/wrap-proxy.js';

export interface Harness {
  proxy: WrapProxy;
  fromClient(message: object): void;
  /** A raw line from the client, as it is (no envelope added). */
  rawFromClient(line: string): void;
  fromServer(message: object): void;
  /** Messages that reached the client / the server so far. */
  client: JSONRPCMessage[];
  server: JSONRPCMessage[];
  notes: string[];
  verbose: string[];
  audit: AuditEntry[];
  settle(ms?: number): Promise<void>;
}

export type HarnessOptions = Partial<Pick<WrapProxyOptions, 'maxMessageBytes' | 'timeoutMs' | 'maxCallsInFlight'>>;

export function harness(policyYaml: string, options: HarnessOptions = {}): Harness {
  const policy = mergePolicy([parsePolicyLayer(policyYaml, '/test/policy.yaml')]);
  const streams = {
    clientIn: new PassThrough(),
    clientOut: new PassThrough(),
    serverIn: new PassThrough(),
    serverOut: new PassThrough(),
  };
  const client: JSONRPCMessage[] = [];
  const server: JSONRPCMessage[] = [];
  const notes: string[] = [];
  const verbose: string[] = [];
  const audit: AuditEntry[] = [];
  const memoryAudit: AuditLog = {
    record: (entry) => audit.push(entry),
    flush: async () => undefined,
    close: async () => undefined,
  };
  const collect = (stream: PassThrough, sink: JSONRPCMessage[]) =>
    stream.on('data', (chunk: Buffer) =>
      sink.push(
        ...chunk
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as JSONRPCMessage),
      ),
    );
  collect(streams.clientOut, client);
  collect(streams.serverIn, server);
  const proxy = new WrapProxy({
    client: { input: streams.clientIn, output: streams.clientOut },
    server: { input: streams.serverIn, output: streams.serverOut },
    policy: createCallPolicy(policy, createRedactor(policy.redact)),
    name: 'fx',
    session: 's1',
    audit: memoryAudit,
    ...options,
    onVerbose: (line) => verbose.push(line),
    onNote: (line) => notes.push(line),
    onClientEnd: () => undefined,
  });
  return {
    proxy,
    fromClient: (message) => streams.clientIn.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`),
    rawFromClient: (line) => streams.clientIn.write(`${line}\n`),
    fromServer: (message) => streams.serverOut.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`),
    client,
    server,
    notes,
    verbose,
    audit,
    settle: (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

/** A short label per message: the method, or `answer <id>` / `error <id>`. */
export function labels(messages: JSONRPCMessage[]): string[] {
  return messages.map((message) => {
    const loose = message as { method?: string; id?: unknown; error?: unknown };
    if (loose.method !== undefined) return loose.method;
    return `${loose.error === undefined ? 'answer' : 'error'} ${JSON.stringify(loose.id)}`;
  });
}
