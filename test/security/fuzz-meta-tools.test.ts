// Deliverable 2 of issue 13: 10,000 seeded random and hostile meta-tool calls, 5,000 over a real stdio session and
// 5,000 over a real HTTP session: 0 crashes, 0 INTERNAL (no tool error with that code, no JSON-RPC -32603), and
// every call that reaches the gates audited. Hostile shapes (fuzz-cases.ts): nesting up to 2,000 deep (cut at the
// wire edge past MAX_JSON_DEPTH), strings up to 1 MB, random unicode, terminal escapes, wrong types, unknown and
// path-like tool ids, own "__proto__" / "constructor" keys. Reproduce a failure: FUZZ_SEED=<n> npx vitest run <this file>
//
// Which calls must be audited: exactly the gateway.invoke calls whose arguments match invoke's own schema
// (`invokeInput`): those enter the invoke pipeline, whose audit middleware writes one line per call, refused or
// not (unknown tool, denied, invalid or too-deep arguments included). Other meta-tools and invoke calls with
// malformed meta-arguments never reach a gate and write none.
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeInput } from '../../src/gateway/meta-tools/invoke.js';
import { fuzzCases, runFuzz, SEED, type Case } from '../fuzz/fuzz-cases.js';
import { readAuditRecords } from '../support/audit-records.js';
import {
  createSandbox,
  fixture,
  isAlive,
  startGateway,
  textOf,
  waitFor,
  type GatewayProcess,
  type Sandbox,
} from '../support/gateway-process.js';
import { startHttpGateway, type HttpGateway } from '../support/http-gateway.js';

const CALLS_PER_FACE = 5_000;
const CONCURRENCY = 16;
/** A third of the calls are well-formed invokes with hostile arguments or tool ids: the gated path gets its share. */
const INVOKE_SHARE = 0.3;
const STDIO_SEED = SEED;
const HTTP_SEED = (SEED + 1) >>> 0;
const SERVERS = { many: fixture('many-tools-server.mjs'), echo: fixture('echo-server.mjs') };

/** The calls of these cases that reach the gates: invoke, with arguments its schema takes (as the wire delivers them). */
function gatedCalls(cases: readonly Case[]): number {
  return cases.filter(
    (c) =>
      /^gateway[._]invoke$/.test(c.name) && invokeInput.safeParse(JSON.parse(JSON.stringify(c.args ?? {}))).success,
  ).length;
}

/** The user's own ~/.mcp.json: trusted as it is, unlike a project file. */
function withUserServers(): Sandbox {
  const sandbox = createSandbox();
  fs.writeFileSync(path.join(sandbox.home, '.mcp.json'), JSON.stringify({ mcpServers: SERVERS }));
  return sandbox;
}

/** Runs one face's share and checks what the issue asks: no crash, no INTERNAL, one audit line per gated call. */
async function fuzzFace(face: string, client: Client, pid: number, sandbox: Sandbox, seed: number): Promise<void> {
  const cases = fuzzCases(seed, CALLS_PER_FACE, INVOKE_SHARE);
  const expected = gatedCalls(cases);
  console.error(`fuzz ${face}: seed ${seed}, ${cases.length} calls, ${expected} reach the gates`);
  const codes = await runFuzz(
    client,
    (done) => {
      if (done % 800 === 0) expect(isAlive(pid), `${face} gateway alive after ${done} calls (seed ${seed})`).toBe(true);
    },
    { seed, count: CALLS_PER_FACE, invokeShare: INVOKE_SHARE, concurrency: CONCURRENCY },
  );
  console.error(`fuzz ${face}: outcomes ${JSON.stringify(Object.fromEntries(codes))}`);
  expect(codes.get('INTERNAL')).toBeUndefined();
  expect([...codes.values()].reduce((sum, n) => sum + n, 0)).toBe(CALLS_PER_FACE);
  expect(isAlive(pid)).toBe(true);
  const records = () =>
    readAuditRecords<{ tool_id?: string; dropped?: number; error_code?: string }>(sandbox.toolgateHome);
  await waitFor(() => records().length >= expected, 30_000, 200);
  const lines = records();
  expect(
    lines.filter((line) => line.dropped !== undefined),
    'audit records dropped',
  ).toEqual([]);
  expect(lines.filter((line) => line.error_code === 'INTERNAL')).toEqual([]);
  expect(lines.length, `${face}: audit lines == calls that reach the gates (seed ${seed})`).toBe(expected);
}

describe('fuzzing the meta-tools over stdio and HTTP (issue 13, deliverable 2)', () => {
  let stdio: GatewayProcess;
  let http: HttpGateway;

  beforeAll(async () => {
    stdio = await startGateway({ sandbox: withUserServers() });
    http = await startHttpGateway({ sandbox: withUserServers() });
  });
  afterAll(async () => {
    await stdio?.close();
    stdio?.sandbox.remove();
    await http?.stop();
    http?.sandbox.remove();
  });

  it(
    `answers ${CALLS_PER_FACE} hostile calls over stdio: no crash, no INTERNAL, every gated call audited (seed ${STDIO_SEED})`,
    { timeout: 600_000 },
    async () => {
      await fuzzFace('stdio', stdio.client, stdio.pid, stdio.sandbox, STDIO_SEED);
      expect(
        textOf(await stdio.call('gateway_invoke', { tool_id: 'echo::echo', arguments: { text: 'after fuzz' } })),
      ).toBe('after fuzz');
      expect(stdio.stderr()).not.toMatch(/unhandled|TypeError|RangeError/i);
    },
  );

  it(
    `answers ${CALLS_PER_FACE} hostile calls over HTTP: no crash, no INTERNAL, every gated call audited (seed ${HTTP_SEED})`,
    { timeout: 600_000 },
    async () => {
      const client = await http.connect({ name: 'fuzzer' });
      await fuzzFace('http', client, http.pid, http.sandbox, HTTP_SEED);
      const after = await client.callTool({
        name: 'gateway_invoke',
        arguments: { tool_id: 'echo::echo', arguments: { text: 'after fuzz' } },
      });
      expect(after.content).toEqual([{ type: 'text', text: 'after fuzz' }]);
      expect(http.stderr()).not.toMatch(/unhandled|TypeError|RangeError/i);
    },
  );
});
