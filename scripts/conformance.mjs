#!/usr/bin/env node
// Runs the official MCP conformance suite (@modelcontextprotocol/conformance 0.2.x, under Node 22) for
// both protocol revisions, 2025-11-25 and 2026-07-28, with each revision's frozen requirement set:
//   server scenarios: directly against a v2-SDK fixture that serves both eras
//     (scripts/conformance-fixture.mjs), then against toolgate's HTTP face (flat exposure, --prefix
//     never) with that fixture behind it;
//   client scenarios that apply to toolgate as a client of a downstream (tools_call, request-metadata):
//     the v2 SDK client as the reference, then toolgate's downstream connection
//     (scripts/conformance-client.mjs).
// Prints a table per revision and writes a JSON summary. Exit 1 on a REGRESSION: a scored scenario
// that passes directly and fails through toolgate without being a known gap recorded in
// scripts/conformance/baseline.json. See docs/conformance.md.
//
//   npm run conformance [-- --revision R] [--scenario NAME] [--direct-only] [--no-client] [--json]
//                       [--summary FILE] [--update-baseline] [--ci] [--strict] [--legacy-suite] [--keep-temp]
import { rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { freePort, killAllNow, startProcess, stopProcess, waitForHttp } from './conformance/processes.mjs';
import { compareRevision, formatRevision, readBaseline, totalsOf, writeBaseline } from './conformance/report.mjs';
import {
  ensureRuntime,
  legacyRuntime,
  listRequirements,
  REVISIONS,
  runClientScenario,
  runServerSuite,
  SUITE_PACKAGE,
} from './conformance/suite.mjs';

/** The suite's client scenarios in which toolgate is the client: its connection to a downstream. */
const CLIENT_SCENARIOS = ['tools_call', 'request-metadata'];

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const BASELINE_FILE = path.join(repoRoot, 'scripts', 'conformance', 'baseline.json');
const DEFAULT_SUMMARY = path.join(repoRoot, 'node_modules', '.cache', 'toolgate-conformance', 'summary.json');

const HELP = `usage: npm run conformance -- [options]
  --revision <R>       only this protocol revision: ${REVISIONS.join(' or ')} (default: both)
  --scenario <name>    one scenario (server or client) instead of the requirement sets
  --direct-only        run against the fixture and the reference client only, not toolgate
  --no-client          skip the client scenarios
  --json               print the summary as JSON instead of tables
  --summary <file>     where the JSON summary goes (default ${path.relative(repoRoot, DEFAULT_SUMMARY)})
  --update-baseline    record every scenario that passes directly and fails through toolgate as a known
                       gap (rewrites scripts/conformance/baseline.json for the revisions run)
  --ci                 never write the baseline; a recorded gap that passes now fails the run (commit
                       the tightened baseline: a plain local run removes closed gaps by itself)
  --strict             also fail when a scenario passes through toolgate with another answer than direct
  --legacy-suite       the former run: ${SUITE_PACKAGE}@0.1.13 on this Node, server scenarios only,
                       2025-11-25, no baseline
  --keep-temp          keep the temp folder (suite results, logs) and print its path`;

function parseArgs(argv) {
  const options = { revisions: [...REVISIONS], client: true, ci: false, summary: DEFAULT_SUMMARY };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--revision') {
      const revision = value();
      if (!REVISIONS.includes(revision)) {
        throw new Error(`--revision must be one of ${REVISIONS.join(', ')}, not "${revision}"`);
      }
      options.revisions = [revision];
    } else if (arg === '--scenario') options.scenario = value();
    else if (arg === '--direct-only') options.directOnly = true;
    else if (arg === '--no-client') options.client = false;
    else if (arg === '--json') options.json = true;
    else if (arg === '--summary') options.summary = path.resolve(value());
    else if (arg === '--update-baseline') options.updateBaseline = true;
    else if (arg === '--ci') options.ci = true;
    else if (arg === '--strict') options.strict = true;
    else if (arg === '--legacy-suite') options.legacySuite = true;
    else if (arg === '--keep-temp') options.keepTemp = true;
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write(`${HELP}\n`);
      process.exit(0);
    } else throw new Error(`unknown argument: ${arg}`);
  }
  if (options.ci && options.updateBaseline) throw new Error('--ci and --update-baseline exclude each other');
  if (options.legacySuite) options.revisions = ['2025-11-25'];
  return options;
}

// ---------------------------------------------------------------------------------------------
// The servers under test

async function startFixture(workDir) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/mcp`;
  const record = startProcess(
    'fixture',
    process.execPath,
    [path.join(repoRoot, 'scripts', 'conformance-fixture.mjs'), '--port', String(port)],
    { cwd: repoRoot, logFile: path.join(workDir, 'fixture.log') },
  );
  // Any HTTP answer means it listens (a GET without a session is refused with 4xx).
  await waitForHttp(record, url, () => true, 'the conformance fixture');
  return { record, url };
}

async function startToolgate(downstreamUrl, workDir, label) {
  const entry = path.join(repoRoot, 'dist', 'toolgate.js');
  await fs.access(entry).catch(() => {
    throw new Error(`${path.relative(repoRoot, entry)} is missing: run \`npm run build\` first`);
  });
  // A home of its own: toolgate merges every config it discovers (project .mcp.json upward from the
  // working folder, ~/.mcp.json, TOOLGATE_HOME/servers.json), and only the fixture may show.
  const home = path.join(workDir, `home-${label}`);
  await fs.mkdir(home, { recursive: true });
  const configFile = path.join(home, 'toolgate-config.json');
  await fs.writeFile(configFile, JSON.stringify({ mcpServers: { fixture: { type: 'http', url: downstreamUrl } } }));
  const port = await freePort();
  // The suite sends no Authorization header: a throwaway home on loopback, for the length of the run.
  // Flat exposure under the downstream's own names: the suite calls test_* by name.
  const flags = ['serve', '--http', '--unsafe-no-token', '--port', String(port), '--config', configFile];
  flags.push('--exposure', 'flat', '--prefix', 'never');
  const env = { ...process.env, HOME: home, TOOLGATE_HOME: path.join(home, '.toolgate') };
  for (const name of Object.keys(env)) if (name.startsWith('TOOLGATE_') && name !== 'TOOLGATE_HOME') delete env[name];
  const record = startProcess('toolgate', process.execPath, [entry, ...flags], {
    cwd: home,
    env,
    logFile: path.join(workDir, `toolgate-${label}.log`),
  });
  await waitForHttp(record, `http://127.0.0.1:${port}/healthz`, (status) => status === 200, 'toolgate');
  return { record, url: `http://127.0.0.1:${port}/mcp`, command: `toolgate ${flags.join(' ')}` };
}

// ---------------------------------------------------------------------------------------------
// One revision

async function runRevision(runtime, revision, fixture, options, baseline, workDir, log) {
  const sets = runtime.legacy
    ? { server: undefined, client: [], unscored: [] }
    : await listRequirements(runtime, revision);
  const gaps = baseline.knownGaps[revision] ?? {};
  const wanted = (name) => options.scenario === undefined || options.scenario === name;
  const section = { title: '', rows: [], seconds: '' };
  const seconds = [];

  const serverScenarios = sets.server ?? [];
  const runnable = [
    ...serverScenarios,
    ...sets.unscored.filter((item) => item.side === 'server').map((item) => item.name),
  ];
  const runServer = options.scenario === undefined || runnable.includes(options.scenario) || runtime.legacy;
  if (runServer) {
    const runAgainst = async (label, url) => {
      const result = await runServerSuite(runtime, {
        label: `${label}-${revision}`,
        url,
        revision,
        scenario: options.scenario,
        workDir,
      });
      seconds.push(`${label} ${result.seconds.toFixed(1)} s`);
      return result;
    };
    log(`[${revision}] server scenarios, directly against the fixture...`);
    const direct = await runAgainst('direct', fixture.url);
    let gateway;
    if (!options.directOnly) {
      const toolgate = await startToolgate(fixture.url, workDir, revision);
      section.toolgateCommand = toolgate.command;
      try {
        log(`[${revision}] server scenarios, through toolgate at ${toolgate.url}...`);
        gateway = await runAgainst('toolgate', toolgate.url);
      } finally {
        await stopProcess(toolgate.record);
      }
    }
    // The 0.1.13 suite has no requirement sets: every scenario it runs counts.
    const scored = new Set(sets.server ?? direct.results.keys());
    section.rows.push(
      ...compareRevision({ kind: 'server', direct: direct.results, toolgate: gateway?.results, scored, gaps }),
    );
  }

  const clientScenarios = options.client ? CLIENT_SCENARIOS.filter((name) => sets.client.includes(name)) : [];
  const clientCommand = [process.execPath, path.join(repoRoot, 'scripts', 'conformance-client.mjs')];
  if (clientCommand.some((part) => /\s/.test(part))) {
    throw new Error(`the suite splits a client command on spaces: move the checkout or Node out of ${clientCommand}`);
  }
  for (const scenario of clientScenarios.filter(wanted)) {
    const run = (via) =>
      runClientScenario(runtime, {
        label: `${via}-${revision}`,
        scenario,
        revision,
        // The suite splits the command on spaces and appends its server's URL.
        command: `${clientCommand.join(' ')} --via ${via}`,
        workDir,
      });
    log(`[${revision}] client scenario ${scenario}: the v2 SDK client, then toolgate's downstream connection...`);
    const direct = new Map([[scenario, await run('sdk')]]);
    const gateway = options.directOnly ? undefined : new Map([[scenario, await run('toolgate')]]);
    section.rows.push(
      ...compareRevision({ kind: 'client', direct, toolgate: gateway, scored: new Set(sets.client), gaps }),
    );
  }
  if (section.rows.length === 0) return undefined; // --scenario names none of this revision's
  const clientCount = section.rows.filter((row) => row.kind === 'client').length;
  section.title = runtime.legacy
    ? `(suite ${runtime.version}, all server scenarios)`
    : `(requirement set: ${serverScenarios.length} server scenarios scored, ${clientCount} client scenarios run)`;
  section.seconds = seconds.join(', ');
  section.toolgateRun = !options.directOnly;
  section.totals = totalsOf(section.rows);
  return section;
}

/** Which recorded gaps closed, and the baseline as it should now read. */
function nextBaseline(baseline, sections, options) {
  const knownGaps = structuredClone(baseline.knownGaps);
  for (const [revision, section] of Object.entries(sections)) {
    const gaps = (knownGaps[revision] ??= {});
    for (const row of section.rows) {
      if (row.status === 'closed gap') delete gaps[row.key];
      if (options.updateBaseline && (row.status === 'REGRESSION' || row.status === 'known gap')) {
        gaps[row.key] = row.toolgateFailures[0] ?? 'no result';
      }
    }
    knownGaps[revision] = Object.fromEntries(Object.entries(gaps).sort(([a], [b]) => a.localeCompare(b)));
  }
  return { ...baseline, knownGaps };
}

// ---------------------------------------------------------------------------------------------

async function main(options) {
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'toolgate-conformance-'));
  if (!options.keepTemp) cleanupDir = workDir;
  const log = (message) => {
    if (!options.json) process.stderr.write(`${message}\n`);
  };
  try {
    const runtime = options.legacySuite ? legacyRuntime(require) : await ensureRuntime(repoRoot, log);
    const baseline = options.legacySuite ? { knownGaps: {} } : await readBaseline(BASELINE_FILE);
    const fixture = await startFixture(workDir);
    const sections = {};
    try {
      for (const revision of options.revisions) {
        const section = await runRevision(runtime, revision, fixture, options, baseline, workDir, log);
        if (section) sections[revision] = section;
      }
      if (Object.keys(sections).length === 0) {
        throw new Error(`no scenario named "${options.scenario}" in the ${options.revisions.join(' or ')} sets`);
      }
    } finally {
      await stopProcess(fixture.record);
    }

    const rows = Object.values(sections).flatMap((section) => section.rows);
    if (options.updateBaseline) {
      // Recorded as known gaps by this run (see nextBaseline): reported as such, not as regressions.
      for (const row of rows) if (row.status === 'REGRESSION') row.status = 'known gap';
      for (const section of Object.values(sections)) section.totals = totalsOf(section.rows);
    }
    const count = (status) => rows.filter((row) => row.status === status).length;
    const closed = count('closed gap');
    const problems = [];
    if (count('REGRESSION') > 0) problems.push(`${count('REGRESSION')} regression(s) through toolgate`);
    if (options.strict && rows.some((row) => row.answerDiffers)) problems.push('answers differ (--strict)');
    let baselineNote = '';
    if (!options.legacySuite && !options.directOnly) {
      const next = nextBaseline(baseline, sections, options);
      const keys = (gaps) =>
        Object.entries(gaps).flatMap(([revision, entries]) => Object.keys(entries).map((key) => `${revision} ${key}`));
      const changed =
        options.updateBaseline || keys(next.knownGaps).sort().join('\n') !== keys(baseline.knownGaps).sort().join('\n');
      if (changed && options.ci) {
        problems.push(
          `${closed} recorded gap(s) pass through toolgate now: run \`npm run conformance\` and commit ` +
            `${path.relative(repoRoot, BASELINE_FILE)} (it removes them)`,
        );
      } else if (changed) {
        await writeBaseline(BASELINE_FILE, next);
        baselineNote = `baseline updated: ${path.relative(repoRoot, BASELINE_FILE)} (commit it)`;
      }
    }

    const summary = {
      suite: `${SUITE_PACKAGE}@${runtime.version}`,
      node: runtime.nodeVersion,
      fixture: 'scripts/conformance-fixture.mjs (v2 SDK, both eras)',
      baseline: options.legacySuite ? null : path.relative(repoRoot, BASELINE_FILE),
      revisions: sections,
      problems,
      exitCode: problems.length > 0 ? 1 : 0,
    };
    if (options.keepTemp) summary.workDir = workDir;
    await fs.mkdir(path.dirname(options.summary), { recursive: true });
    await fs.writeFile(options.summary, `${JSON.stringify(summary, null, 2)}\n`);
    if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      const out = [`suite: ${summary.suite} on Node ${summary.node}; fixture and toolgate on Node ${process.version}`];
      for (const [revision, section] of Object.entries(sections)) {
        if (section.toolgateCommand) out.push(`toolgate: ${section.toolgateCommand}`);
        out.push('', formatRevision(revision, section), '');
      }
      if (baselineNote) out.push(baselineNote);
      out.push(`summary: ${options.summary}`);
      out.push(problems.length > 0 ? `FAILED: ${problems.join('; ')}` : 'OK: no regression through toolgate');
      process.stdout.write(`${out.join('\n')}\n`);
    }
    return summary.exitCode;
  } finally {
    killAllNow();
    if (options.keepTemp) log(`kept ${workDir}`);
    else await fs.rm(workDir, { recursive: true, force: true });
  }
}

/** The run's temp folder, removed on every way out unless --keep-temp. */
let cleanupDir;

const options = (() => {
  try {
    return parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n${HELP}\n`);
    process.exit(2);
  }
})();

// Stop everything this run started however it ends: Ctrl-C, kill, or a crash.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    killAllNow();
    if (cleanupDir) rmSync(cleanupDir, { recursive: true, force: true });
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
