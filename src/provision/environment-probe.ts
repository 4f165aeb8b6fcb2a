// What this machine offers to run servers and tools: platform, Node, and which CLIs are on PATH (with versions).
import fs from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';

/** Each `--version` gets this long; a CLI that hangs is reported as found without a version. */
export const CLI_VERSION_TIMEOUT_MS = 3_000;
/** Probes run this many at a time (the machine may have two cores shared with everything else). */
export const PROBE_CONCURRENCY = 4;
/** A probe result is reused for this long. */
export const PROBE_CACHE_MS = 60_000;

/** The CLIs looked for, each with what a request for a capability might mention. */
export const KNOWN_CLIS: Record<string, readonly string[]> = {
  node: ['javascript', 'node'],
  npx: ['npm package'],
  uvx: ['python package'],
  python3: ['python', 'script'],
  docker: ['container', 'image', 'docker'],
  git: ['git', 'commit', 'branch', 'diff', 'repository', 'version control'],
  gh: ['github', 'pull request', 'issue', 'repository', 'workflow'],
  glab: ['gitlab', 'merge request'],
  kubectl: ['kubernetes', 'pod', 'deployment', 'cluster'],
  aws: ['aws', 's3', 'ec2', 'lambda', 'amazon'],
  gcloud: ['google cloud', 'gcp', 'bigquery'],
  az: ['azure'],
  psql: ['postgres', 'postgresql', 'sql', 'database'],
  sqlite3: ['sqlite', 'sql', 'database'],
  'redis-cli': ['redis', 'cache'],
  mongosh: ['mongodb', 'mongo'],
  curl: ['http', 'fetch', 'download', 'url', 'web'],
  jq: ['json'],
  rg: ['search files', 'grep', 'code search'],
};

export interface CliInfo {
  name: string;
  path: string;
  version?: string;
}

export interface EnvironmentFacts {
  platform: string;
  arch: string;
  node: string;
  clis: CliInfo[];
  missing: string[];
}

let cached: { at: number; facts: Promise<EnvironmentFacts> } | undefined;

/** Reuses a recent probe; `fresh` probes again. */
export function probeEnvironment(env: Record<string, string | undefined>, fresh = false): Promise<EnvironmentFacts> {
  if (!fresh && cached && Date.now() - cached.at < PROBE_CACHE_MS) return cached.facts;
  const facts = probe(env);
  cached = { at: Date.now(), facts };
  return facts;
}

async function probe(env: Record<string, string | undefined>): Promise<EnvironmentFacts> {
  const names = Object.keys(KNOWN_CLIS);
  const found = await Promise.all(names.map((name) => findOnPath(name, env.PATH ?? '')));
  const located = names.flatMap((name, index) => (found[index] ? [{ name, path: found[index] }] : []));
  const clis: CliInfo[] = [];
  for (let start = 0; start < located.length; start += PROBE_CONCURRENCY) {
    const batch = located.slice(start, start + PROBE_CONCURRENCY);
    clis.push(...(await Promise.all(batch.map(async (cli) => ({ ...cli, ...(await versionOf(cli.path, env)) })))));
  }
  return {
    platform: process.platform,
    arch: process.arch,
    node: process.version,
    clis,
    missing: names.filter((_, index) => !found[index]),
  };
}

/** The first executable `name` on PATH, without running anything. */
async function findOnPath(name: string, searchPath: string): Promise<string | undefined> {
  const extensions = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    for (const extension of extensions) {
      const candidate = path.join(dir, name + extension);
      try {
        await fs.access(candidate, fs.constants.X_OK);
        if ((await fs.stat(candidate)).isFile()) return candidate;
      } catch {
        // Not here.
      }
    }
  }
  return undefined;
}

async function versionOf(file: string, env: Record<string, string | undefined>): Promise<{ version?: string }> {
  const result = await execa(file, ['--version'], {
    timeout: CLI_VERSION_TIMEOUT_MS,
    reject: false,
    stdin: 'ignore',
    env: { PATH: env.PATH ?? '', HOME: env.HOME ?? '' },
    extendEnv: false,
    forceKillAfterDelay: 1_000,
    maxBuffer: 64 * 1024,
  });
  const text = `${String(result.stdout ?? '')}\n${String(result.stderr ?? '')}`;
  const version = /\d+\.\d+(?:\.\d+)?(?:[-+][\w.]+)?/.exec(text)?.[0];
  return version ? { version } : {};
}
