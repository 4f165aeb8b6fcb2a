// Reads and validates a manifest file; any problem is one MANIFEST_INVALID error naming file, server and field.
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { GatewayError } from '../errors/index.js';
import { readCompiledManifest } from './compiled-manifest.js';
import { formatManifestIssues, toManifestIssues } from './manifest-issues.js';
import { defaultManifestFile } from './manifest-location.js';
import { manifestDocumentSchema, type ManifestDocument } from './manifest-schema.js';

/** The shipped manifest is ~50 KB; a file past this is refused rather than parsed. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export interface LoadedManifest extends ManifestDocument {
  /** Absolute path of the file it came from. */
  file: string;
}

/** The manifest's path and text: `file`, or the shipped `manifest/servers.yaml`. Throws MANIFEST_INVALID naming the file. */
export async function readManifestText(file?: string): Promise<{ source: string; text: string }> {
  const source = file ?? defaultManifestFile();
  if (source === undefined) {
    throw new GatewayError('MANIFEST_INVALID', 'The shipped manifest (manifest/servers.yaml) was not found beside the toolgate program.', {
      hint: 'Reinstall toolgate; its package must include the manifest/ folder.',
    });
  }
  try {
    return { source, text: await readFile(source, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    throw new GatewayError('MANIFEST_INVALID', `The manifest ${source} could not be read (${code}).`, {
      hint: 'Check the path and its permissions.',
      cause: error,
      details: { file: source },
    });
  }
}

/** Loads `file`, or the shipped `manifest/servers.yaml` when no file is given. */
export async function loadManifest(file?: string): Promise<LoadedManifest> {
  const { source, text } = await readManifestText(file);
  // The compiled twin is validated like the YAML, so a tampered twin cannot smuggle in what the schema refuses.
  const compiled = await readCompiledManifest(source, text);
  if (compiled !== undefined) {
    const parsed = manifestDocumentSchema.safeParse(compiled, { reportInput: true });
    if (parsed.success) return { ...parsed.data, file: source };
  }
  return { ...parseManifest(text, source), file: source };
}

/** Pure: parses and validates manifest text; `source` names the file in messages. */
export function parseManifest(text: string, source: string): ManifestDocument {
  if (Buffer.byteLength(text) > MAX_MANIFEST_BYTES) throw invalid(source, `is larger than ${MAX_MANIFEST_BYTES} bytes`, []);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxError = doc.errors[0];
  if (syntaxError !== undefined) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
    throw invalid(source, `is not valid YAML at line ${line}, column ${col}: ${syntaxError.message}`, [], syntaxError);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw invalid(source, `is not valid YAML: ${(error as Error).message}`, [], error);
  }
  const parsed = manifestDocumentSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const issues = toManifestIssues(parsed.error.issues, raw, doc, lineCounter);
    throw invalid(source, `does not match the manifest format: ${formatManifestIssues(issues)}`, issues, parsed.error);
  }
  return parsed.data;
}

function invalid(source: string, problem: string, issues: unknown[], cause?: unknown): GatewayError {
  return new GatewayError('MANIFEST_INVALID', `The manifest ${source} ${problem}.`, {
    hint: 'Fix the named fields (see manifest/README.md for the format), then run `npm run manifest:check`.',
    cause,
    details: { file: source, issues },
  });
}
