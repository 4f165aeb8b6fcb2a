// A JSON twin of servers.yaml, keyed by the YAML's hash: YAML parsing costs ~150 ms of a cold start, JSON ~1 ms.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../storage/atomic-write.js';

/** `manifest/servers.yaml` → `manifest/servers.compiled.json`. */
export function compiledManifestPath(yamlFile: string): string {
  return `${yamlFile.replace(/\.ya?ml$/i, '')}.compiled.json`;
}

export function sha256Of(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The raw (not yet validated) document of the twin, if it exists and was compiled from exactly `yamlText`.
 * Anything else (missing, stale, unreadable) gives undefined, and the caller parses the YAML instead.
 */
export async function readCompiledManifest(yamlFile: string, yamlText: string): Promise<unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(compiledManifestPath(yamlFile), 'utf8'));
  } catch {
    return undefined;
  }
  const twin = parsed as { sourceSha256?: unknown; document?: unknown } | null;
  return twin?.sourceSha256 === sha256Of(yamlText) ? twin.document : undefined;
}

/** Writes the twin; called by `npm run manifest:check` after the YAML validated. Returns whether it changed. */
export async function writeCompiledManifest(yamlFile: string, yamlText: string, document: unknown): Promise<boolean> {
  const file = compiledManifestPath(yamlFile);
  const content = `${JSON.stringify({ note: 'Generated from servers.yaml by npm run manifest:check; do not edit.', sourceSha256: sha256Of(yamlText), document })}\n`;
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (current === content) return false;
  await writeFileAtomic(file, content);
  return true;
}
