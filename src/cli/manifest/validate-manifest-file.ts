// `toolgate manifest validate`: a manifest file checked against the zod schema, every problem kept with its server, field and line.
import path from 'node:path';
import { isGatewayError } from '../../errors/index.js';
import { parseManifest, readManifestText, type ManifestIssue } from '../../manifest/index.js';

export interface ManifestValidation {
  /** Absolute path of the file checked. */
  file: string;
  ok: boolean;
  /** How many servers it lists, when it is valid. */
  servers?: number;
  issues: ManifestIssue[];
}

/** `file` relative to `cwd`; default: the shipped manifest/servers.yaml. A file that cannot be read throws. */
export async function validateManifestFile(file: string | undefined, cwd: string): Promise<ManifestValidation> {
  const { source, text } = await readManifestText(file === undefined ? undefined : path.resolve(cwd, file));
  try {
    // The YAML itself, never the compiled JSON twin: this is the check of what a person edited.
    const document = parseManifest(text, source);
    return { file: source, ok: true, servers: document.servers.length, issues: [] };
  } catch (error) {
    if (!isGatewayError(error) || error.code !== 'MANIFEST_INVALID') throw error;
    const issues = Array.isArray(error.details?.issues) ? (error.details.issues as ManifestIssue[]) : [];
    // A YAML syntax error (or an oversized file) has no schema issues: the message names the line and column.
    return { file: source, ok: false, issues: issues.length > 0 ? issues : [{ field: '(document)', message: error.message }] };
  }
}
