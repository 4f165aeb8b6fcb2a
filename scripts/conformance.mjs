#!/usr/bin/env node
// Runs the official MCP conformance suite (@modelcontextprotocol/conformance, server scenarios) twice:
// (a) straight against a downstream MCP server over Streamable HTTP, and (b) against toolgate's HTTP
// face in flat exposure mode with that same downstream behind it. Prints per-scenario pass/fail for
// both and exits 1 when a scenario that passes directly fails through toolgate (a gateway regression).
//
//   npm run conformance [-- --json] [--downstream fixture|everything] [--direct-only]
//                       [--exposure flat] [--scenario NAME] [--strict] [--keep-temp]
//
// Downstream: by default a small fixture server (scripts/conformance-fixture.mjs) that
// implements what the suite's scenarios call (test_* tools, test:// resources, test_* prompts), as
// the scenario descriptions spell them out. The suite does not ship such a server, and
// @modelcontextprotocol/server-everything has none of those names: against it most scenarios fail
// directly, and some "pass" on a tool-not-found error result, which would hide gateway bugs.
// `--downstream everything` still runs server-everything, for comparison.
//
// The suite's npm package 0.1.13 is the last one that runs on Node 20 (0.1.14+ needs Node 22).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SUITE_PACKAGE = '@modelcontextprotocol/conformance';
const SUITE_VERSION = '0.1.13';
/** One whole suite run (32 scenarios); a healthy one takes a few seconds. */
const SUITE_TIMEOUT_MS = 180_000;
/** From spawning a server until it answers over HTTP. */
const STARTUP_TIMEOUT_MS = 30_000;
/** Between SIGTERM and SIGKILL when stopping a process group. */
const STOP_GRACE_MS = 3_000;
/** How often start-up probes are retried. */
const PROBE_INTERVAL_MS = 100;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------
// Command line

function parseArgs(argv) {
  const options = {
    json: false,
    downstream: 'fixture',
    directOnly: false,
    exposure: 'flat',
    scenario: undefined,
    keepTemp: false,
    strict: false,
    port: 0,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--json') options.json = true;
    else if (arg === '--downstream') options.downstream = value();
    else if (arg === '--direct-only') options.directOnly = true;
    else if (arg === '--exposure') options.exposure = value();
    else if (arg === '--scenario') options.scenario = value();
    else if (arg === '--keep-temp') options.keepTemp = true;
    else if (arg === '--strict') options.strict = true;
    else if (arg === '--port') options.port = Number(value());
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write(`${HELP}\n`);
      process.exit(0);
    } else throw new Error(`unknown argument: ${arg}`);
  }
  if (!['fixture', 'everything'].includes(options.downstream)) {
    throw new Error(`--downstream must be "fixture" or "everything", not "${options.downstream}"`);
  }
  return options;
}

const HELP = `usage: node scripts/conformance.mjs [options]
  --json                 print the comparison as JSON instead of a table
  --downstream <kind>    "fixture" (default: the suite's test tools, served by this script)
                         or "everything" (@modelcontextprotocol/server-everything)
  --direct-only          run the suite against the downstream only
  --exposure <mode>      toolgate exposure mode (default "flat"; "--prefix never" is added for flat)
  --scenario <name>      run one scenario instead of the whole suite
  --strict               also fail when a scenario passes through toolgate with another answer
                         (tool/resource/prompt result) than it got directly
  --keep-temp            leave the temp folder (suite results, logs) and print its path`;

// ---------------------------------------------------------------------------------------------
// Processes: each child gets its own process group so that stopping it also stops whatever it
// spawned (npx, toolgate's downstream clients). Everything started is tracked for cleanup.

const children = new Set();
/** The run's temp folder, removed on every way out unless --keep-temp. */
let tempDir;

function startProcess(label, command, args, { cwd = repoRoot, env = process.env, logFile } = {}) {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const record = { label, child, exited: false, exitCode: null, signal: null, output: '' };
  children.add(record);
  const log = logFile ? createWriteStream(logFile) : undefined;
  const collect = (chunk) => {
    // Keep the tail only: enough to explain a failed start-up.
    record.output = (record.output + chunk.toString()).slice(-20_000);
    log?.write(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  // 'close' comes after 'exit' once the child's output is drained, so the log is complete then.
  record.done = new Promise((resolve) => {
    const finish = (code, signal) => {
      Object.assign(record, { exited: true, exitCode: code, signal });
      log?.end();
      resolve();
    };
    child.on('error', (error) => {
      record.output += `\n${error.message}`;
      finish(null, null);
    });
    child.on('exit', (code, signal) => {
      Object.assign(record, { exited: true, exitCode: code, signal });
    });
    child.on('close', finish);
  });
  return record;
}

function signalGroup(record, signal) {
  if (record.child.pid === undefined) return;
  try {
    process.kill(-record.child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

async function stopProcess(record) {
  if (!children.has(record)) return;
  signalGroup(record, 'SIGTERM');
  const stopped = await Promise.race([record.done.then(() => true), timeout(STOP_GRACE_MS).then(() => false)]);
  // Also when the leader exited: its children may still hold the group.
  signalGroup(record, 'SIGKILL');
  if (!stopped) await Promise.race([record.done, timeout(STOP_GRACE_MS)]);
  children.delete(record);
}

function killAllNow() {
  for (const record of children) {
    signalGroup(record, 'SIGTERM');
    signalGroup(record, 'SIGKILL');
  }
  children.clear();
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** For races against a deadline: an unref'd timer does not keep the process alive after the winner. */
const timeout = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** A port that was free a moment ago (the OS picks it; there is a small race, accepted). */
async function freePort() {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** One GET; resolves to the status code, or undefined when nothing answers. */
function httpStatus(url) {
  return new Promise((resolve) => {
    const request = http.get(
      url,
      { agent: false, timeout: 2_000, headers: { accept: 'application/json, text/event-stream' } },
      (response) => {
        response.resume();
        resolve(response.statusCode);
      },
    );
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

/** Polls `url` until `accept(status)` holds; fails early when the process dies. */
async function waitForHttp(record, url, accept, what) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (record.exited) {
      throw new Error(
        `${what} exited during start-up (code ${record.exitCode}, signal ${record.signal}):\n${indent(record.output.trim())}`,
      );
    }
    const status = await httpStatus(url);
    if (status !== undefined && accept(status)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${what} did not answer ${url} within ${STARTUP_TIMEOUT_MS} ms (last status: ${status ?? 'none'}):\n${indent(record.output.trim())}`,
      );
    }
    await sleep(PROBE_INTERVAL_MS);
  }
}

const indent = (text) =>
  text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');

// ---------------------------------------------------------------------------------------------
// The suite

/** The suite's CLI: the pinned devDependency when installed, else a pinned npx download. */
function suiteCommand() {
  try {
    const manifestPath = require.resolve(`${SUITE_PACKAGE}/package.json`);
    const manifest = require(manifestPath);
    if (manifest.version === SUITE_VERSION) {
      return { command: process.execPath, args: [path.join(path.dirname(manifestPath), manifest.bin.conformance)] };
    }
  } catch {
    // Not installed: fall through to npx.
  }
  return { command: 'npx', args: ['-y', `${SUITE_PACKAGE}@${SUITE_VERSION}`] };
}

/**
 * Runs the suite against `url` and reads back every scenario's checks. The suite writes one
 * `server-<scenario>-<timestamp>/checks.json` per scenario under the output folder; reading those is
 * sturdier than parsing its coloured summary. A scenario fails when any check is FAILURE (the
 * suite's own rule; WARNING and INFO do not fail it). Returns Map<scenario, result>.
 */
async function runSuite(label, url, workDir, scenario) {
  const outputDir = path.join(workDir, `results-${label}`);
  await fs.mkdir(outputDir, { recursive: true });
  const { command, args } = suiteCommand();
  const suiteArgs = [...args, 'server', '--url', url, '--output-dir', outputDir];
  // "all" = the active suite plus the pending scenarios (json-schema-2020-12, server-sse-polling).
  suiteArgs.push(...(scenario ? ['--scenario', scenario] : ['--suite', 'all']));
  const started = Date.now();
  const record = startProcess(`suite (${label})`, command, suiteArgs, {
    logFile: path.join(workDir, `suite-${label}.log`),
  });
  const finished = await Promise.race([record.done.then(() => true), timeout(SUITE_TIMEOUT_MS).then(() => false)]);
  await stopProcess(record);
  const seconds = (Date.now() - started) / 1000;
  if (!finished) throw new Error(`the suite against ${label} did not finish within ${SUITE_TIMEOUT_MS} ms`);

  const results = new Map();
  // Folder names end in the scenario's start time: sorting on it keeps the suite's own order.
  const entries = (await fs.readdir(outputDir))
    .map((entry) => /^server-(.+)-(\d{4}-\d{2}-\d{2}T[\d-]+Z)$/.exec(entry))
    .filter(Boolean)
    .sort((a, b) => a[2].localeCompare(b[2]));
  for (const match of entries) {
    const entry = match[0];
    const checks = JSON.parse(await fs.readFile(path.join(outputDir, entry, 'checks.json'), 'utf8'));
    const failures = checks.filter((check) => check.status === 'FAILURE');
    results.set(match[1], {
      passed: failures.length === 0,
      // What the server answered, per check, where the suite recorded it (tool, resource, prompt results).
      answers: Object.fromEntries(
        checks.filter((check) => check.details?.result !== undefined).map((check) => [check.id, check.details.result]),
      ),
      checks: checks.filter((check) => check.status === 'SUCCESS' || check.status === 'FAILURE').length,
      failures: failures.map((check) => `${check.name}: ${check.errorMessage ?? check.description}`),
      warnings: checks
        .filter((check) => check.status === 'WARNING')
        .map((check) => `${check.name}: ${check.errorMessage ?? check.description}`),
    });
  }
  if (results.size === 0) {
    throw new Error(
      `the suite against ${label} wrote no results (exit ${record.exitCode}):\n${indent(record.output.trim())}`,
    );
  }
  return { results, seconds, exitCode: record.exitCode };
}

// ---------------------------------------------------------------------------------------------
// The two servers under test

async function startDownstream(kind, workDir) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/mcp`;
  const logFile = path.join(workDir, 'downstream.log');
  const record =
    kind === 'fixture'
      ? startProcess(
          'downstream',
          process.execPath,
          [path.join(path.dirname(fileURLToPath(import.meta.url)), 'conformance-fixture.mjs'), '--port', String(port)],
          { logFile },
        )
      : startProcess(
          'downstream',
          process.execPath,
          [require.resolve('@modelcontextprotocol/server-everything/dist/index.js'), 'streamableHttp'],
          {
            env: { ...process.env, PORT: String(port) },
            logFile,
          },
        );
  // Any HTTP answer means it listens (a GET without a session is refused with 4xx).
  await waitForHttp(record, url, () => true, `downstream (${kind})`);
  return { record, url };
}

async function startToolgate(downstreamUrl, exposure, workDir) {
  const entry = path.join(repoRoot, 'dist', 'toolgate.js');
  await fs.access(entry).catch(() => {
    throw new Error(`${path.relative(repoRoot, entry)} is missing: run \`npm run build\` first`);
  });
  // A home of its own: toolgate merges every config it discovers (project .mcp.json upward from the
  // working folder, ~/.mcp.json, TOOLGATE_HOME/servers.json), and only the downstream may show.
  const home = path.join(workDir, 'home');
  await fs.mkdir(home, { recursive: true });
  const configFile = path.join(workDir, 'toolgate-config.json');
  await fs.writeFile(
    configFile,
    JSON.stringify({ mcpServers: { everything: { type: 'http', url: downstreamUrl } } }, null, 2),
  );

  const port = await freePort();
  // The suite sends no Authorization header: a throwaway home on loopback, for the length of the run.
  const args = [
    entry,
    'serve',
    '--http',
    '--unsafe-no-token',
    '--port',
    String(port),
    '--config',
    configFile,
    '--exposure',
    exposure,
  ];
  // Flat mode must list downstream tools under their own names: the suite calls test_* by name.
  if (exposure === 'flat') args.push('--prefix', 'never');
  const env = { ...process.env, HOME: home, TOOLGATE_HOME: path.join(home, '.toolgate') };
  for (const name of Object.keys(env)) if (name.startsWith('TOOLGATE_') && name !== 'TOOLGATE_HOME') delete env[name];
  const record = startProcess('toolgate', process.execPath, args, {
    cwd: home,
    env,
    logFile: path.join(workDir, 'toolgate.log'),
  });
  await waitForHttp(record, `http://127.0.0.1:${port}/healthz`, (status) => status === 200, 'toolgate');
  return {
    record,
    url: `http://127.0.0.1:${port}/mcp`,
    command: `node ${[path.relative(repoRoot, entry), ...args.slice(1)].join(' ')}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Comparison and report

/**
 * The suite's checks are loose: e.g. tools-call-simple-text passes on any text content, so a
 * gateway answering "tool not found" as an isError text result passes it. In flat mode a
 * transparent gateway gives back what the downstream gave, so a pass whose recorded answer differs
 * from the direct one is flagged (and fails the run under --strict).
 */
function answersDiffer(direct, gateway) {
  return Object.entries(direct.answers).some(([id, answer]) => stableJson(answer) !== stableJson(gateway.answers[id]));
}

function stableJson(value) {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function compare(direct, gateway, notRunLabel) {
  const names = [...new Set([...direct.keys(), ...(gateway?.keys() ?? [])])];
  const rows = names.map((scenario) => {
    const d = direct.get(scenario);
    const g = gateway?.get(scenario);
    return {
      scenario,
      direct: d ? (d.passed ? 'pass' : 'fail') : 'missing',
      toolgate: gateway ? (g ? (g.passed ? 'pass' : 'fail') : 'missing') : notRunLabel,
      regression: Boolean(gateway && d?.passed && !g?.passed),
      answerDiffers: Boolean(d?.passed && g?.passed && answersDiffer(d, g)),
      directFailures: d?.failures ?? [],
      toolgateFailures: g?.failures ?? [],
    };
  });
  const count = (column) => ({
    passed: rows.filter((row) => row[column] === 'pass').length,
    failed: rows.filter((row) => row[column] !== 'pass').length,
  });
  return {
    rows,
    totals: {
      scenarios: rows.length,
      direct: count('direct'),
      toolgate: gateway ? count('toolgate') : null,
      regressions: rows.filter((row) => row.regression).length,
      answerDiffers: rows.filter((row) => row.answerDiffers).length,
    },
  };
}

function printTable(report) {
  const width = Math.max(...report.rows.map((row) => row.scenario.length), 'scenario'.length);
  const line = (a, b, c, d = '') => `${a.padEnd(width)}  ${b.padEnd(7)}  ${c.padEnd(8)}  ${d}`.trimEnd();
  const out = [];
  out.push(`downstream: ${report.downstream} (${report.directUrl})`);
  if (report.toolgateCommand) out.push(`toolgate:   ${report.toolgateCommand}`);
  out.push('', line('scenario', 'direct', 'toolgate'), line('-'.repeat(width), '-------', '--------'));
  for (const row of report.rows) {
    const note = row.regression
      ? `REGRESSION: ${row.toolgateFailures[0] ?? ''}`
      : row.answerDiffers
        ? 'passes, but answered differently than direct'
        : '';
    out.push(line(row.scenario, row.direct, row.answerDiffers ? 'pass*' : row.toolgate, note));
  }
  const { totals } = report;
  out.push('');
  out.push(
    `direct:   ${totals.direct.passed} passed, ${totals.direct.failed} failed of ${totals.scenarios} (${report.seconds.direct.toFixed(1)} s)`,
  );
  if (totals.toolgate) {
    out.push(
      `toolgate: ${totals.toolgate.passed} passed, ${totals.toolgate.failed} failed of ${totals.scenarios} (${report.seconds.toolgate.toFixed(1)} s)`,
    );
    out.push(`regressions (pass direct, fail through toolgate): ${totals.regressions}`);
    if (totals.answerDiffers > 0)
      out.push(
        `pass* (passes through toolgate with another answer than direct; likely vacuous): ${totals.answerDiffers}`,
      );
  }
  if (report.toolgateError) out.push('', `toolgate half not run: ${report.toolgateError}`);
  const failing = report.rows.filter((row) => row.direct !== 'pass');
  if (failing.length > 0) {
    out.push('', 'failing directly (the downstream does not implement these):');
    for (const row of failing) out.push(`  ${row.scenario}: ${row.directFailures.join('; ')}`);
  }
  const regressions = report.rows.filter((row) => row.regression);
  if (regressions.length > 0) {
    out.push('', 'regressions through toolgate:');
    for (const row of regressions) out.push(`  ${row.scenario}: ${row.toolgateFailures.join('; ') || 'no result'}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(options) {
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'toolgate-conformance-'));
  if (!options.keepTemp) tempDir = workDir;
  const log = (message) => {
    if (!options.json) process.stderr.write(`${message}\n`);
  };
  try {
    log(`starting the ${options.downstream} downstream...`);
    const downstream = await startDownstream(options.downstream, workDir);
    log(`running the suite directly against ${downstream.url}...`);
    const direct = await runSuite('direct', downstream.url, workDir, options.scenario);

    let gateway;
    let toolgate;
    let toolgateError;
    if (!options.directOnly) {
      try {
        log(`starting toolgate (${options.exposure} exposure)...`);
        toolgate = await startToolgate(downstream.url, options.exposure, workDir);
        log(`running the suite through toolgate at ${toolgate.url}...`);
        gateway = await runSuite('toolgate', toolgate.url, workDir, options.scenario);
      } catch (error) {
        // Reported below; still a failure of the run.
        toolgateError = error instanceof Error ? error.message : String(error);
      } finally {
        if (toolgate) await stopProcess(toolgate.record);
      }
    }
    await stopProcess(downstream.record);

    const report = {
      suite: `${SUITE_PACKAGE}@${SUITE_VERSION}`,
      downstream: options.downstream,
      directUrl: downstream.url,
      toolgateUrl: toolgate?.url ?? null,
      toolgateCommand: toolgate?.command ?? null,
      toolgateError: toolgateError ?? null,
      seconds: { direct: direct.seconds, toolgate: gateway?.seconds ?? null },
      ...compare(direct.results, gateway?.results, options.directOnly ? 'skipped' : 'not run'),
    };
    if (options.keepTemp) report.workDir = workDir;
    if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else printTable(report);
    const strictFailure = options.strict && report.totals.answerDiffers > 0;
    return report.totals.regressions > 0 || toolgateError || strictFailure ? 1 : 0;
  } finally {
    killAllNow();
    if (options.keepTemp) log(`kept ${workDir}`);
    else await fs.rm(workDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

const options = (() => {
  try {
    return parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n${HELP}\n`);
    process.exit(2);
  }
})();

{
  // Stop everything this run started however it ends: Ctrl-C, kill, or a crash.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      killAllNow();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      process.exit(130);
    });
  }
  process.on('exit', killAllNow);
  try {
    process.exitCode = await main(options);
  } catch (error) {
    process.stderr.write(`conformance: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
