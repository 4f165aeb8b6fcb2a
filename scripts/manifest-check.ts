// `npm run manifest:check [file]`: validates the manifest, refreshes its compiled twin, and asks the npm registry
// that every npm package@version exists.
import { readFile } from 'node:fs/promises';
import {
  defaultManifestFile,
  parseManifest,
  writeCompiledManifest,
  type ManifestServer,
} from '../src/manifest/index.js';
import { mapLimited } from './map-limited.js';

/** Requests in flight at once: enough to finish ~100 look-ups in seconds without hammering the registry. */
const CONCURRENCY = 6;
/** Per request; a registry that does not answer in time counts as a failure, not a pass. */
const REQUEST_TIMEOUT_MS = 15_000;

// `npm run` exports the configured registry; outside npm, the public one.
const registry = (process.env.npm_config_registry ?? 'https://registry.npmjs.org/').replace(/\/?$/, '/');

interface Outcome {
  server: string;
  spec: string;
  problem?: string;
  warning?: string;
}

async function checkNpm(server: ManifestServer): Promise<Outcome> {
  const { package: name, version } = server.npm!;
  const spec = `${name}@${version}`;
  // Scoped names keep their @ and encode the slash, as the registry expects.
  const url = `${registry}${name.replace('/', '%2F')}/${encodeURIComponent(version)}`;
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      headers: { accept: 'application/json' },
    });
    if (response.status === 404)
      return { server: server.name, spec, problem: 'not found on the registry (wrong name or version)' };
    if (!response.ok) return { server: server.name, spec, problem: `the registry answered HTTP ${response.status}` };
    const document = (await response.json()) as { version?: unknown; deprecated?: unknown };
    if (document.version !== version)
      return { server: server.name, spec, problem: `the registry returned version ${String(document.version)}` };
    const warning =
      typeof document.deprecated === 'string' ? `deprecated: ${document.deprecated.slice(0, 160)}` : undefined;
    return { server: server.name, spec, warning };
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError' ? `no answer within ${REQUEST_TIMEOUT_MS} ms` : (error as Error).message;
    return { server: server.name, spec, problem: `request failed: ${reason}` };
  }
}

async function main(): Promise<number> {
  // Always the YAML itself (never the compiled twin), then the twin is refreshed from it.
  const file = process.argv[2] ?? defaultManifestFile()!;
  const text = await readFile(file, 'utf8');
  const manifest = { ...parseManifest(text, file), file };
  if (await writeCompiledManifest(file, text, { version: manifest.version, servers: manifest.servers }))
    console.log(`updated the compiled twin of ${file}`);
  const npmServers = manifest.servers.filter((server) => server.npm !== undefined);
  console.log(
    `${manifest.file}: ${manifest.servers.length} servers valid; checking ${npmServers.length} npm packages on ${registry}`,
  );
  const outcomes = await mapLimited(npmServers, CONCURRENCY, checkNpm);
  for (const outcome of outcomes) {
    if (outcome.problem) console.log(`MISSING ${outcome.server}: ${outcome.spec} - ${outcome.problem}`);
    else if (outcome.warning) console.log(`WARN    ${outcome.server}: ${outcome.spec} - ${outcome.warning}`);
  }
  const missing = outcomes.filter((outcome) => outcome.problem).length;
  const warned = outcomes.filter((outcome) => !outcome.problem && outcome.warning).length;
  const others = manifest.servers.length - npmServers.length;
  console.log(
    `${npmServers.length - missing} of ${npmServers.length} npm packages found, ${missing} missing, ${warned} deprecated; ${others} pypi/docker/remote entries checked by schema only.`,
  );
  return missing === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);
