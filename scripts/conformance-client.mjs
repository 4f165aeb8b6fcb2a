#!/usr/bin/env node
// The client side of the conformance run: the suite starts a test server, then runs this with the
// server's URL as the last argument (MCP_CONFORMANCE_SCENARIO and MCP_CONFORMANCE_PROTOCOL_VERSION set).
//
//   node scripts/conformance-client.mjs --via toolgate|sdk <server-url>
//
// `--via toolgate`: the client under test is toolgate's downstream connection. A throwaway toolgate
// configuration points at the URL and `toolgate call` (a short-lived engine, no gateway running) calls
// the scenario's tool, so every request the test server sees comes from toolgate's own downstream client.
// `--via sdk`: the reference, the v2 SDK client alone (pinned to 2026-07-28 for that revision, left on
// `legacy` negotiation for 2025-11-25), so a failure through toolgate can be told from one of the scenario.
//
// Temp files are removed on exit. Exit code: the client's (the suite judges by what its server saw).
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One `toolgate call`, connection included; the suite's own per-scenario limit is 30 s. */
const CALL_TIMEOUT_MS = 20_000;
/** What each client scenario needs the client to call: the tool the suite's server offers. */
const SCENARIO_CALLS = {
  tools_call: { tool: 'add_numbers', args: { a: 2, b: 3 } },
  // The test server only records the requests' _meta and headers; any call makes the client send some.
  'request-metadata': { tool: 'add_numbers', args: { a: 1, b: 1 } },
};

const USAGE =
  'usage: node scripts/conformance-client.mjs --via toolgate|sdk <server-url> (run by the conformance suite)';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [flag, via, url] = process.argv.slice(2);
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? '';
const revision = process.env.MCP_CONFORMANCE_PROTOCOL_VERSION ?? '2025-11-25';
if (flag !== '--via' || !['toolgate', 'sdk'].includes(via) || !/^https?:\/\//.test(url ?? '')) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const call = SCENARIO_CALLS[scenario];
if (!call) {
  process.stderr.write(
    `conformance-client: no call defined for scenario "${scenario}"; known: ${Object.keys(SCENARIO_CALLS).join(', ')}\n`,
  );
  process.exit(2);
}

process.exitCode = via === 'sdk' ? await callWithSdk() : await callThroughToolgate();

/** The reference: the v2 SDK client, in the revision's era. */
async function callWithSdk() {
  const { Client, StreamableHTTPClientTransport } = await import('@modelcontextprotocol/client');
  const mode = revision === '2025-11-25' ? 'legacy' : { pin: revision };
  const client = new Client(
    { name: 'toolgate-conformance-reference', version: '1.0.0' },
    { versionNegotiation: { mode } },
  );
  const timer = setTimeout(() => {
    process.stderr.write(`conformance-client: no answer within ${CALL_TIMEOUT_MS} ms\n`);
    process.exit(1);
  }, CALL_TIMEOUT_MS);
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    const result = await client.callTool({ name: call.tool, arguments: call.args });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return result.isError ? 1 : 0;
  } catch (error) {
    process.stderr.write(`conformance-client: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    clearTimeout(timer);
    await client.close().catch(() => {});
  }
}

/** The client under test: toolgate's downstream connection, driven by `toolgate call`. */
async function callThroughToolgate() {
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'toolgate-conformance-client-'));
  try {
    const configFile = path.join(home, 'servers.json');
    await fs.writeFile(configFile, JSON.stringify({ mcpServers: { target: { type: 'http', url } } }, null, 2));
    const env = { ...process.env, HOME: home, TOOLGATE_HOME: path.join(home, '.toolgate') };
    for (const name of Object.keys(env)) if (name.startsWith('TOOLGATE_') && name !== 'TOOLGATE_HOME') delete env[name];
    const args = [
      path.join(repoRoot, 'dist', 'toolgate.js'),
      'call',
      `target::${call.tool}`,
      '--args',
      JSON.stringify(call.args),
      '--config',
      configFile,
      '--timeout',
      String(CALL_TIMEOUT_MS),
      '--json',
    ];
    const child = spawn(process.execPath, args, { cwd: home, env, stdio: ['ignore', 'inherit', 'inherit'] });
    const killer = setTimeout(() => child.kill('SIGKILL'), CALL_TIMEOUT_MS + 5_000);
    const code = await new Promise((resolve) => {
      child.on('error', (error) => {
        process.stderr.write(`conformance-client: ${error.message}\n`);
        resolve(1);
      });
      child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
    });
    clearTimeout(killer);
    return code;
  } finally {
    await fs.rm(home, { recursive: true, force: true });
  }
}
