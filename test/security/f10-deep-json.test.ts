// F10: arguments or results nested ~10k deep killed `toolgate wrap` (an uncaught RangeError), ended stdio
// sessions and made the gateway answer INTERNAL with no audit line. Now every face cuts such a message at
// MAX_JSON_DEPTH where it is parsed: the call is refused with a clean error that names the limit, it is
// audited, and the process keeps serving. Messages are written as raw text: JSON.stringify itself overflows
// on 10k levels, so no SDK client could even send them.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../src/wire/json-depth.js';
import { readAuditRecords } from '../support/audit-records.js';
import {
  createSandbox,
  fixture,
  gatewayEnv,
  isAlive,
  TOOLGATE_BIN,
  waitFor,
  waitForExit,
  type Sandbox,
} from '../support/gateway-process.js';
import { startHttpGateway, TEST_TOKEN, type HttpGateway } from '../support/http-gateway.js';

const LEVELS = 10_000;
const DEEP = `${'{"n":['.repeat(LEVELS / 2)}"bottom"${']}'.repeat(LEVELS / 2)}`;
const DEEP_SERVER = fixture('deep-json-server.mjs');
const INITIALIZE = {
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'deep-client', version: '1' } },
};

type Message = {
  id?: unknown;
  result?: {
    isError?: boolean;
    content?: Array<{ text?: string }>;
    structuredContent?: { error?: { code: string; message: string } };
  };
  error?: { code: number; message: string };
};

/** A tools/call as raw text, `DEEP` spliced in where `"@DEEP@"` stands. */
function callText(id: number, name: string, args: Record<string, unknown>): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }).replace(
    '"@DEEP@"',
    DEEP,
  );
}

/** A child speaking newline-delimited JSON-RPC, driven with raw lines; answers are matched by id. */
class RawLineClient {
  readonly child: ChildProcessWithoutNullStreams;
  stderr = '';
  private buffer = '';
  private readonly waiting = new Map<unknown, (message: Message) => void>();

  constructor(args: string[], sandbox: Sandbox) {
    this.child = spawn(process.execPath, [TOOLGATE_BIN, ...args], {
      cwd: sandbox.project,
      env: gatewayEnv(sandbox),
      stdio: 'pipe',
    });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString();
      let newline: number;
      while ((newline = this.buffer.indexOf('\n')) !== -1) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        const message = JSON.parse(line) as Message;
        this.waiting.get(message.id)?.(message);
        this.waiting.delete(message.id);
      }
    });
  }

  request(id: number, text: string): Promise<Message> {
    const answer = new Promise<Message>((resolve, reject) => {
      this.waiting.set(id, resolve);
      this.child.once('exit', (code) =>
        reject(
          new Error(`the process exited (${code}) before answering request ${id}; stderr: ${this.stderr.slice(-2000)}`),
        ),
      );
    });
    this.child.stdin.write(`${text}\n`);
    return answer;
  }

  async initialize(): Promise<void> {
    await this.request(0, JSON.stringify(INITIALIZE));
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  }

  async close(): Promise<void> {
    this.child.stdin.end();
    if (this.child.pid) await waitForExit(this.child.pid, 10_000).catch(() => undefined);
  }
}

/** The audit lines once `count` are written (the log writes off the call path), as "tool_id outcome error_code". */
async function auditOf(sandbox: Sandbox, count: number): Promise<string[]> {
  const read = () => readAuditRecords<{ tool_id: string; outcome: string; error_code?: string }>(sandbox.toolgateHome);
  await waitFor(() => read().length >= count, 10_000);
  return read().map((line) => `${line.tool_id} ${line.outcome} ${line.error_code ?? ''}`.trim());
}

/** After the attack the process still answers a plain call (`tool` with text "after"), and never overflowed its stack. */
async function expectStillServing(
  client: RawLineClient,
  id: number,
  tool: string,
  args: Record<string, unknown>,
): Promise<void> {
  const after = await client.request(id, callText(id, tool, args));
  expect(after.result?.content?.[0]?.text).toBe('after');
  expect(isAlive(client.child.pid!)).toBe(true);
  expect(client.stderr).not.toMatch(/RangeError|Maximum call stack/);
}

function toolError(message: Message): { code: string; message: string } {
  expect(message.error, JSON.stringify(message).slice(0, 500)).toBeUndefined();
  expect(message.result?.isError).toBe(true);
  return message.result!.structuredContent!.error!;
}

describe('F10: JSON nested 10,000 deep', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = createSandbox();
    // The user's own ~/.mcp.json: trusted as it is (a project file would wait for `toolgate trust`).
    fs.writeFileSync(path.join(sandbox.home, '.mcp.json'), JSON.stringify({ mcpServers: { deep: DEEP_SERVER } }));
  });
  afterEach(() => sandbox.remove());

  it('over stdio: 10k-deep invoke arguments are refused as INVALID_ARGUMENTS naming the limit, audited, and the session keeps serving', async () => {
    const gw = new RawLineClient([], sandbox);
    try {
      await gw.initialize();
      const refused = toolError(
        await gw.request(
          1,
          callText(1, 'gateway_invoke', { tool_id: 'deep::ok', arguments: { text: 'x', nested: '@DEEP@' } }),
        ),
      );
      expect(refused.code).toBe('INVALID_ARGUMENTS');
      expect(refused.message).toContain(`${MAX_JSON_DEPTH}`);
      // The same inside _meta, outside the arguments: the session survives it too.
      const meta = JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: {
          name: 'gateway_invoke',
          arguments: { tool_id: 'deep::ok', arguments: { text: 'meta' } },
          _meta: { junk: '@DEEP@' },
        },
      }).replace('"@DEEP@"', DEEP);
      expect((await gw.request(2, meta)).result).toBeDefined();
      await expectStillServing(gw, 3, 'gateway_invoke', { tool_id: 'deep::ok', arguments: { text: 'after' } });
      expect(await auditOf(sandbox, 3)).toEqual(['deep::ok error INVALID_ARGUMENTS', 'deep::ok ok', 'deep::ok ok']);
    } finally {
      await gw.close();
    }
  });

  it('over stdio: a 10k-deep result from a hostile server becomes a clean tool error, audited', async () => {
    const gw = new RawLineClient([], sandbox);
    try {
      await gw.initialize();
      const refused = toolError(
        await gw.request(1, callText(1, 'gateway_invoke', { tool_id: 'deep::deep', arguments: {} })),
      );
      expect(refused.code).not.toBe('INTERNAL');
      expect(refused.message).toContain(`${MAX_JSON_DEPTH}`);
      await expectStillServing(gw, 2, 'gateway_invoke', { tool_id: 'deep::ok', arguments: { text: 'after' } });
      expect(await auditOf(sandbox, 2)).toEqual(['deep::deep error DOWNSTREAM_ERROR', 'deep::ok ok']);
    } finally {
      await gw.close();
    }
  });

  describe('over HTTP', () => {
    let http: HttpGateway;
    beforeEach(async () => {
      http = await startHttpGateway({ sandbox });
    });
    afterEach(() => http.stop());

    async function post(
      body: string,
      session?: string,
    ): Promise<{ status: number; session: string | null; messages: Message[] }> {
      const response = await fetch(http.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          authorization: `Bearer ${TEST_TOKEN}`,
          ...(session ? { 'mcp-session-id': session } : {}),
        },
        body,
      });
      const text = await response.text();
      const lines = text
        .split('\n')
        .flatMap((line) => (line.startsWith('data: ') ? [line.slice(6)] : line.startsWith('{') ? [line] : []));
      return {
        status: response.status,
        session: response.headers.get('mcp-session-id'),
        messages: lines.map((line) => JSON.parse(line) as Message),
      };
    }

    it('10k-deep invoke arguments are refused as INVALID_ARGUMENTS, audited, and the session keeps serving', async () => {
      const { session } = await post(JSON.stringify(INITIALIZE));
      await post(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }), session!);
      const refused = await post(
        callText(1, 'gateway_invoke', { tool_id: 'deep::ok', arguments: { nested: '@DEEP@' } }),
        session!,
      );
      expect(refused.status).toBe(200);
      const error = toolError(refused.messages[0]!);
      expect(error.code).toBe('INVALID_ARGUMENTS');
      expect(error.message).toContain(`${MAX_JSON_DEPTH}`);
      // A 10k-deep message that is not a call is refused on the wire with -32600, naming the limit.
      const list = await post(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 2,
          method: 'tools/list',
          params: { _meta: { junk: '@DEEP@' } },
        }).replace('"@DEEP@"', DEEP),
        session!,
      );
      expect(list.status).toBe(400);
      expect(list.messages[0]?.error).toMatchObject({ code: -32600 });
      expect(list.messages[0]?.error?.message).toContain(`${MAX_JSON_DEPTH}`);
      const after = await post(
        callText(3, 'gateway_invoke', { tool_id: 'deep::ok', arguments: { text: 'after' } }),
        session!,
      );
      expect(after.messages[0]?.result?.content?.[0]?.text).toBe('after');
      expect(await auditOf(sandbox, 2)).toEqual(['deep::ok error INVALID_ARGUMENTS', 'deep::ok ok']);
      expect(isAlive(http.pid)).toBe(true);
    });
  });

  it('through toolgate wrap: deep arguments and a deep result are clean errors, audited, and wrap keeps serving', async () => {
    const wrap = new RawLineClient(
      ['wrap', '--name', 'deep', '--', ...[DEEP_SERVER.command as string, ...(DEEP_SERVER.args as string[])]],
      sandbox,
    );
    try {
      await wrap.initialize();
      const args = await wrap.request(1, callText(1, 'ok', { text: 'x', nested: '@DEEP@' }));
      expect(args.error?.message).toContain(`${MAX_JSON_DEPTH}`);
      const result = await wrap.request(2, callText(2, 'deep', {}));
      expect(result.error?.message).toContain(`${MAX_JSON_DEPTH}`);
      await expectStillServing(wrap, 3, 'ok', { text: 'after' });
      expect(await auditOf(sandbox, 3)).toEqual([
        'deep::ok error INVALID_ARGUMENTS',
        'deep::deep error DOWNSTREAM_ERROR',
        'deep::ok ok',
      ]);
    } finally {
      await wrap.close();
    }
  });
});
