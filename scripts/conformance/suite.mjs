// The official MCP conformance suite: installing the pinned runtime it needs, asking it which scenarios
// a protocol revision requires, running it against a server or a client command, and reading back
// each scenario's checks.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import { indent, startProcess, waitForExit } from './processes.mjs';

export const SUITE_PACKAGE = '@modelcontextprotocol/conformance';
/** The 0.2.x suite: frozen requirement sets per revision; it needs Node 22. */
export const SUITE_VERSION = '0.2.0-alpha.12';
/** The last suite that runs on Node 20 (no requirement sets, 2025-11-25 only); a devDependency. */
export const LEGACY_SUITE_VERSION = '0.1.13';
export const REVISIONS = ['2025-11-25', '2026-07-28'];
/** `npm ci` of the runtime (the suite and a Node 22 binary, ~60 MB) on a cold npm cache. */
const INSTALL_TIMEOUT_MS = 300_000;
/** Each scenario, as the suite's own --timeout (its default). */
export const SCENARIO_TIMEOUT_MS = 30_000;
/** One whole server run of a requirement set (about 50 scenarios; a healthy one takes 10-20 s). */
const SUITE_TIMEOUT_MS = 600_000;
/** `conformance list`. */
const LIST_TIMEOUT_MS = 30_000;
/** One client scenario: the suite's scenario limit plus its own start and stop. */
const CLIENT_SCENARIO_TIMEOUT_MS = SCENARIO_TIMEOUT_MS + 30_000;

const run = promisify(execFile);

/**
 * The suite and Node 22, installed from scripts/conformance/runtime (a package.json and its lockfile)
 * into node_modules/.cache, reinstalled only when that lockfile changes. Not a devDependency of
 * toolgate: `node@22` there would put Node 22 first on the PATH of every npm script.
 */
export async function ensureRuntime(repoRoot, log) {
  const source = path.join(repoRoot, 'scripts', 'conformance', 'runtime');
  const target = path.join(repoRoot, 'node_modules', '.cache', 'toolgate-conformance', 'runtime');
  const lock = await fs.readFile(path.join(source, 'package-lock.json'));
  const digest = createHash('sha256').update(lock).digest('hex');
  const marker = path.join(target, '.installed-lock-sha256');
  const node = path.join(target, 'node_modules', 'node', 'bin', 'node');
  const cli = path.join(target, 'node_modules', ...SUITE_PACKAGE.split('/'), 'dist', 'index.js');
  const current = await fs.readFile(marker, 'utf8').catch(() => '');
  if (current.trim() !== digest) {
    log(`installing ${SUITE_PACKAGE}@${SUITE_VERSION} and Node 22 into ${path.relative(repoRoot, target)}...`);
    await fs.rm(target, { recursive: true, force: true });
    await fs.mkdir(target, { recursive: true });
    await fs.copyFile(path.join(source, 'package.json'), path.join(target, 'package.json'));
    await fs.writeFile(path.join(target, 'package-lock.json'), lock);
    try {
      await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
        cwd: target,
        timeout: INSTALL_TIMEOUT_MS,
        maxBuffer: 10_000_000,
      });
    } catch (error) {
      throw new Error(
        `could not install the conformance runtime (npm ci in ${target}, limit ${INSTALL_TIMEOUT_MS} ms): ` +
          `${error.killed ? 'timed out' : (error.stderr || error.message).trim()}\n` +
          'It needs the npm registry once; later runs reuse the install.',
        { cause: error },
      );
    }
  }
  const { stdout } = await run(node, ['--version'], { timeout: LIST_TIMEOUT_MS }).catch((error) => {
    throw new Error(`the installed Node 22 does not run (${node}): ${error.message}; delete ${target} and retry`, {
      cause: error,
    });
  });
  if (!stdout.startsWith('v22.')) throw new Error(`expected Node 22 at ${node}, found ${stdout.trim()}`);
  await fs.writeFile(marker, `${digest}\n`);
  return { node, cli, version: SUITE_VERSION, nodeVersion: stdout.trim() };
}

/** The 0.1.13 suite from devDependencies, on this Node (20). */
export function legacyRuntime(require) {
  const manifestPath = require.resolve(`${SUITE_PACKAGE}/package.json`);
  const manifest = require(manifestPath);
  if (manifest.version !== LEGACY_SUITE_VERSION) {
    throw new Error(`expected ${SUITE_PACKAGE}@${LEGACY_SUITE_VERSION} in node_modules, found ${manifest.version}`);
  }
  const cli = path.join(path.dirname(manifestPath), manifest.bin.conformance);
  return { node: process.execPath, cli, version: LEGACY_SUITE_VERSION, nodeVersion: process.version, legacy: true };
}

/**
 * What `list --requirements <revision>` prints, parsed: the scored server and client scenarios, and
 * those run but never scored (extension, pending, added after the release).
 */
export async function listRequirements(runtime, revision) {
  const { stdout } = await run(runtime.node, [runtime.cli, 'list', '--requirements', revision], {
    timeout: LIST_TIMEOUT_MS,
  });
  const sets = { server: [], client: [], unscored: [] };
  let section;
  for (const line of stdout.split('\n')) {
    if (/^Server scenarios/.test(line)) section = 'server';
    else if (/^Client scenarios/.test(line)) section = 'client';
    else if (/^Run and reported, but never scored/.test(line)) section = 'unscored';
    const item = /^\s+- (\S+)(?: \[(server|client)\])?\s*$/.exec(line);
    if (!item || !section) continue;
    if (section === 'unscored') sets.unscored.push({ name: item[1], side: item[2] });
    else sets[section].push(item[1]);
  }
  if (sets.server.length === 0) {
    throw new Error(`\`conformance list --requirements ${revision}\` listed no server scenarios:\n${indent(stdout)}`);
  }
  return sets;
}

/**
 * Runs the server scenarios against `url`: the revision's requirement set, or one scenario at that
 * revision's wire. Returns Map<scenario, result> and the seconds it took.
 */
export async function runServerSuite(runtime, { label, url, revision, scenario, workDir }) {
  const outputDir = path.join(workDir, `results-${label}`);
  await fs.mkdir(outputDir, { recursive: true });
  const args = [runtime.cli, 'server', '--url', url, '--output-dir', outputDir];
  if (runtime.legacy) args.push(...(scenario ? ['--scenario', scenario] : ['--suite', 'all']));
  else {
    args.push('--timeout', String(SCENARIO_TIMEOUT_MS));
    args.push(...(scenario ? ['--scenario', scenario, '--spec-version', revision] : ['--requirements', revision]));
  }
  const started = Date.now();
  const record = startProcess(`suite (${label})`, runtime.node, args, {
    logFile: path.join(workDir, `suite-${label}.log`),
  });
  if (!(await waitForExit(record, SUITE_TIMEOUT_MS))) {
    throw new Error(`the suite against ${label} did not finish within ${SUITE_TIMEOUT_MS} ms`);
  }
  const results = await readResults(outputDir, 'server-');
  if (results.size === 0) {
    throw new Error(
      `the suite against ${label} wrote no results (exit ${record.exitCode}):\n${indent(record.output.trim())}`,
    );
  }
  return { results, seconds: (Date.now() - started) / 1000 };
}

/** Runs one client scenario with `command` as the client (the suite appends its server's URL). */
export async function runClientScenario(runtime, { label, scenario, revision, command, workDir, env }) {
  const outputDir = path.join(workDir, `results-${label}`);
  await fs.mkdir(outputDir, { recursive: true });
  const args = [runtime.cli, 'client', '--command', command, '--scenario', scenario, '--spec-version', revision];
  args.push('--timeout', String(SCENARIO_TIMEOUT_MS), '--output-dir', outputDir);
  const record = startProcess(`client ${scenario} (${label})`, runtime.node, args, {
    env,
    logFile: path.join(workDir, `client-${label}-${scenario}.log`),
  });
  if (!(await waitForExit(record, CLIENT_SCENARIO_TIMEOUT_MS))) {
    throw new Error(`client scenario ${scenario} (${label}) did not finish within ${CLIENT_SCENARIO_TIMEOUT_MS} ms`);
  }
  const result = (await readResults(outputDir, '')).get(scenario);
  if (!result) {
    throw new Error(
      `client scenario ${scenario} (${label}) wrote no result (exit ${record.exitCode}):\n${indent(record.output.trim())}`,
    );
  }
  return result;
}

/**
 * The suite writes one `<prefix><scenario>-<timestamp>/checks.json` per scenario; reading those is
 * sturdier than parsing its coloured summary. A scenario fails when any check is FAILURE (the suite's
 * own rule; WARNING, INFO and SKIPPED do not fail it).
 */
async function readResults(outputDir, prefix) {
  const pattern = new RegExp(`^${prefix}(.+)-(\\d{4}-\\d{2}-\\d{2}T[\\d-]+Z)$`);
  // Folder names end in the scenario's start time: sorting on it keeps the suite's own order.
  const entries = (await fs.readdir(outputDir))
    .map((entry) => pattern.exec(entry))
    .filter(Boolean)
    .sort((a, b) => a[2].localeCompare(b[2]));
  const results = new Map();
  for (const match of entries) {
    const file = path.join(outputDir, match[0], 'checks.json');
    const written = await fs.readFile(file, 'utf8').catch(() => undefined);
    const checks = written === undefined ? [] : JSON.parse(written);
    const describe = (check) => `${check.name}: ${check.errorMessage ?? check.details?.message ?? check.description}`;
    const failures =
      written === undefined ? ['no checks.json written'] : checks.filter((c) => c.status === 'FAILURE').map(describe);
    results.set(match[1], {
      passed: failures.length === 0,
      // What the server answered, per check, where the suite recorded it (tool, resource, prompt results).
      answers: Object.fromEntries(
        checks.filter((check) => check.details?.result !== undefined).map((check) => [check.id, check.details.result]),
      ),
      checks: checks.filter((check) => check.status === 'SUCCESS' || check.status === 'FAILURE').length,
      failures,
    });
  }
  return results;
}
