// `npm run manifest:snapshot [names...]`: installs each npm manifest server, runs it offline, and writes its tool list.
//
// Per server: `npm install --prefix <tmp> <pkg>@<version> --ignore-scripts` (argument arrays, no shell), then its bin
// under `unshare -n` (no network) with dummy credentials, `initialize` + every `tools/list` page within
// CAPTURE_TIMEOUT_MS, then manifest/tools/<name>.json in canonical form. Every child runs in its own process group
// and is stopped in stages (stdin, SIGTERM, SIGKILL); temp folders are removed.
//
// When a capture fails, an existing file is kept only if it still parses and names the same package and version
// as the manifest (the last good capture of that exact release); otherwise it is deleted. A run over all servers
// also deletes files of servers that left the manifest or are no longer npm servers.
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/client';
import { execa } from 'execa';
import { ChildProcessTransport } from '../src/downstream/child-process-transport.js';
// Lenient on purpose: real servers (gitlab's) omit `"type": "object"`; normalizeTools repairs that, as the gateway does.
import { LenientListToolsResultSchema, normalizeTools } from '../src/downstream/downstream-tool.js';
import {
  defaultToolSnapshotDir,
  formatToolSnapshot,
  loadManifest,
  readToolSnapshot,
  snapshotMatchesServer,
  snapshotToolSchema,
  TEMPLATE_PATTERN,
  type ManifestServer,
  type SnapshotTool,
} from '../src/manifest/index.js';
import { writeFileAtomic } from '../src/storage/atomic-write.js';
import { mapLimited } from './map-limited.js';

/** One install, cold cache: big packages (browsers' drivers, cloud SDKs) take a few minutes. */
const INSTALL_TIMEOUT_MS = 5 * 60_000;
/** From spawn to the last tools/list page. */
const CAPTURE_TIMEOUT_MS = 30_000;
/** A server paging forever is cut off here. */
const MAX_LIST_PAGES = 50;
const DEFAULT_CONCURRENCY = 2;
const MAX_CONCURRENCY = 3;

const { values: flags, positionals: names } = parseArgs({
  allowPositionals: true,
  options: {
    concurrency: { type: 'string', default: String(DEFAULT_CONCURRENCY) },
    out: { type: 'string' },
    cache: { type: 'string', default: path.join(os.homedir(), '.cache', 'toolgate-snapshot', 'npm') },
  },
});

interface Capture {
  server: string;
  ok: boolean;
  detail: string;
}

async function main(): Promise<number> {
  const manifest = await loadManifest();
  const outDir = flags.out ?? defaultToolSnapshotDir()!;
  const concurrency = Math.min(
    MAX_CONCURRENCY,
    Math.max(1, Number.parseInt(flags.concurrency ?? '', 10) || DEFAULT_CONCURRENCY),
  );
  const unknown = names.filter((name) => !manifest.servers.some((server) => server.name === name));
  if (unknown.length > 0) {
    console.error(`Unknown server name(s): ${unknown.join(', ')}. Names come from manifest/servers.yaml.`);
    return 2;
  }
  const chosen = manifest.servers.filter(
    (server) => server.npm !== undefined && (names.length === 0 || names.includes(server.name)),
  );
  const skipped = manifest.servers.filter((server) => server.npm === undefined && names.includes(server.name));
  for (const server of skipped)
    console.log(`skip ${server.name}: not an npm server (only npm servers are snapshotted)`);
  await mkdir(outDir, { recursive: true });
  await mkdir(flags.cache!, { recursive: true });
  const work = await mkdtemp(path.join(os.tmpdir(), 'toolgate-snapshot-'));
  console.log(`capturing ${chosen.length} npm servers into ${outDir}, ${concurrency} at a time`);
  const started = Date.now();
  try {
    const captures = await mapLimited(chosen, concurrency, (server) => captureOne(server, outDir, work));
    if (names.length === 0) await removeOrphans(outDir, manifest.servers);
    const failed = captures.filter((capture) => !capture.ok);
    console.log(
      `\n${captures.length - failed.length} of ${captures.length} captured in ${Math.round((Date.now() - started) / 1000)} s.`,
    );
    if (failed.length > 0) {
      console.log('Not captured:');
      for (const capture of failed) console.log(`  ${capture.server}: ${capture.detail}`);
    }
    return 0;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function captureOne(server: ManifestServer, outDir: string, work: string): Promise<Capture> {
  const prefix = await mkdtemp(path.join(work, `${server.name}-`));
  try {
    const tools = await installAndList(server, prefix);
    const { package: name, version } = server.npm!;
    const text = formatToolSnapshot({ server: server.name, package: name, version, tools });
    await writeFileAtomic(path.join(outDir, `${server.name}.json`), text);
    console.log(`ok   ${server.name}: ${tools.length} tools`);
    return { server: server.name, ok: true, detail: `${tools.length} tools` };
  } catch (error) {
    const reason = oneLine((error as Error).message);
    const kept = await keepOrDropOld(server, outDir);
    console.log(`FAIL ${server.name}: ${reason}${kept ? ' (kept the previous capture of this version)' : ''}`);
    return { server: server.name, ok: false, detail: reason };
  } finally {
    await rm(prefix, { recursive: true, force: true });
  }
}

async function installAndList(server: ManifestServer, prefix: string): Promise<SnapshotTool[]> {
  const { package: name, version } = server.npm!;
  await execa(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--loglevel=error',
      `${name}@${version}`,
    ],
    {
      timeout: INSTALL_TIMEOUT_MS,
      env: { npm_config_cache: flags.cache!, PUPPETEER_SKIP_DOWNLOAD: '1', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
      stdin: 'ignore',
    },
  ).catch((error: unknown) => {
    throw new Error(
      `npm install failed: ${lastLines((error as { stderr?: string }).stderr ?? (error as Error).message)}`,
    );
  });
  const bin = await resolveBin(prefix, name, server.npm!.bin);
  const home = path.join(prefix, 'home');
  await mkdir(home, { recursive: true });
  // Every declared variable first (some servers only list tools when optional ones are set), then only the required ones.
  try {
    return await listTools(server, prefix, bin, dummyEnv(server, home, false));
  } catch (firstError) {
    if (server.env.every((variable) => variable.required)) throw firstError;
    return await listTools(server, prefix, bin, dummyEnv(server, home, true)).catch(() => {
      throw firstError;
    });
  }
}

async function listTools(
  server: ManifestServer,
  cwd: string,
  bin: string,
  env: Record<string, string>,
): Promise<SnapshotTool[]> {
  const args = (server.npm!.args ?? []).map((arg) =>
    arg.replace(TEMPLATE_PATTERN, (_, name: string) => env[name] ?? ''),
  );
  const node = (await isNodeScript(bin)) ? [process.execPath, bin] : [bin];
  const transport = new ChildProcessTransport({
    command: 'unshare',
    args: ['-n', ...node, ...args],
    env,
    cwd,
    closeGraceMs: 1_000,
  });
  const client = new Client({ name: 'toolgate-snapshot', version: '1' });
  const deadline = AbortSignal.timeout(CAPTURE_TIMEOUT_MS);
  try {
    await client.connect(transport, { signal: deadline, timeout: CAPTURE_TIMEOUT_MS });
    const raw: unknown[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
      const result = await client.request(
        { method: 'tools/list', params: cursor ? { cursor } : {} },
        LenientListToolsResultSchema,
        {
          signal: deadline,
          timeout: CAPTURE_TIMEOUT_MS,
        },
      );
      raw.push(...result.tools);
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    const { tools } = normalizeTools(raw);
    if (tools.length === 0) throw new Error('the server listed no tools');
    return tools.map((tool) => snapshotToolSchema.parse(pickToolFields(tool)));
  } catch (error) {
    // Stack frames say little; the lines around them (the error itself) say why.
    const stderr = transport.recentStderr
      .filter((line) => !/^\s*at\s/.test(line) && line.trim() !== '')
      .slice(-4)
      .join(' | ');
    throw new Error(`${(error as Error).message}${stderr ? `; stderr: ${stderr}` : ''}`, { cause: error });
  } finally {
    await client.close().catch(() => undefined);
    await transport.close().catch(() => undefined);
  }
}

function pickToolFields(tool: SnapshotTool): SnapshotTool {
  const { name, title, description, inputSchema, outputSchema, annotations } = tool;
  return Object.fromEntries(
    Object.entries({ name, title, description, inputSchema, outputSchema, annotations }).filter(
      ([, value]) => value !== undefined,
    ),
  ) as SnapshotTool;
}

/** The child's whole environment: a bare PATH, a private HOME, and a harmless value for each declared variable. */
function dummyEnv(server: ManifestServer, home: string, requiredOnly: boolean): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    TERM: 'dumb',
    NO_COLOR: '1',
  };
  for (const variable of server.env) {
    if (requiredOnly && !variable.required) continue;
    env[variable.name] = variable.example ?? `dummy-${variable.name.toLowerCase().replace(/_/g, '-')}`;
  }
  return env;
}

async function resolveBin(prefix: string, name: string, wanted: string | undefined): Promise<string> {
  const packageDir = path.join(prefix, 'node_modules', name);
  const manifest = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  const bins = typeof manifest.bin === 'string' ? { [name.split('/').pop()!]: manifest.bin } : (manifest.bin ?? {});
  const entries = Object.entries(bins);
  const chosen =
    wanted !== undefined
      ? bins[wanted]
      : (bins[name.split('/').pop()!] ?? (entries.length === 1 ? entries[0]![1] : undefined));
  if (chosen === undefined)
    throw new Error(`cannot tell which bin to run (${entries.map(([key]) => key).join(', ') || 'none'}); set npm.bin`);
  return path.join(packageDir, chosen);
}

async function isNodeScript(file: string): Promise<boolean> {
  if (/\.[cm]?js$/.test(file)) return true;
  const head = (await readFile(file)).subarray(0, 64).toString('utf8');
  return /^#!.*\bnode\b/.test(head);
}

async function keepOrDropOld(server: ManifestServer, outDir: string): Promise<boolean> {
  try {
    const old = await readToolSnapshot(outDir, server.name);
    if (old !== undefined && snapshotMatchesServer(old, server)) return true;
  } catch {
    // Unreadable: dropped below like a stale one.
  }
  await rm(path.join(outDir, `${server.name}.json`), { force: true });
  return false;
}

async function removeOrphans(outDir: string, servers: readonly ManifestServer[]): Promise<void> {
  const npmNames = new Set(servers.filter((server) => server.npm !== undefined).map((server) => server.name));
  for (const file of await readdir(outDir)) {
    if (file.endsWith('.json') && !npmNames.has(file.slice(0, -5))) {
      await rm(path.join(outDir, file), { force: true });
      console.log(`removed ${file}: no npm server of that name in the manifest`);
    }
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ');
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);
