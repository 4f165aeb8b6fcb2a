// Reads policy files into layers and merges them; a file that cannot be read fully is an error, never "allow all".
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { GatewayError, isGatewayError } from '../errors/index.js';
import { readOwnFile } from '../storage/file-ownership.js';
import { mergePolicy } from './merge-policy.js';
import { describePolicyIssues } from './policy-issues.js';
import { policyFileSchema, type PolicyFile } from './policy-schema.js';
import type { Policy, PolicyLayer, RedactRule } from './policy-types.js';

export { mergePolicy } from './merge-policy.js';

const FIX = 'Fix the file or remove it.';
// Said plainly, because the obvious workaround (ignore the broken file) is exactly what must not happen.
const FIX_HINT = 'Fix the file or remove it; toolgate will not run tools under a policy it cannot read in full.';

export interface LoadPolicyOptions {
  /**
   * The user's own policy file (`~/.toolgate/policy.yaml`). It counts as a layer even when it does not
   * exist, one that says nothing: monitor mode, `audit: false` and `output_schema: false` need every
   * layer to say so, so a project's file alone (from any cloned repository) cannot weaken the user's policy.
   */
  userFile?: string;
  /**
   * Files that must be the user's own (or root's) and writable by nobody else, else POLICY_INVALID: those
   * another account could plant or edit. Default: `userFile` only.
   */
  ownedFiles?: readonly string[];
}

/** Files that do not exist are skipped (but see `userFile`); every other failure throws POLICY_INVALID naming the file. */
export async function loadPolicy(files: readonly string[], options: LoadPolicyOptions = {}): Promise<Policy> {
  const layers: PolicyLayer[] = [];
  const owned = new Set(options.ownedFiles ?? (options.userFile === undefined ? [] : [options.userFile]));
  for (const file of files) {
    const text = await readPolicyFile(file, owned.has(file));
    if (text !== undefined) layers.push(parsePolicyLayer(text, file));
    else if (file === options.userFile) layers.push({ ...parsePolicyLayer('', file), absent: true });
  }
  return mergePolicy(layers);
}

/** `source` is the file path, used in error messages and in decision reasons. */
export function parsePolicyLayer(text: string, source: string): PolicyLayer {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxError = doc.errors[0];
  if (syntaxError !== undefined) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
    const at = ` at line ${line}, column ${col}`;
    throw invalid(source, `is not valid YAML${at}: ${syntaxError.message}`, syntaxError);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Unresolved or exploding aliases surface here rather than as parse errors.
    throw invalid(source, `is not valid YAML: ${(error as Error).message}`, error);
  }
  // An empty file, or one with only comments, is an empty policy.
  const parsed = policyFileSchema.safeParse(data ?? {}, { reportInput: true });
  if (!parsed.success) {
    throw invalid(
      source,
      `does not match the policy format: ${describePolicyIssues(parsed.error.issues, doc, lineCounter)}`,
      parsed.error,
    );
  }
  return toLayer(parsed.data, source);
}

function toLayer(file: PolicyFile, source: string): PolicyLayer {
  return {
    source,
    servers: { allow: file.servers?.allow, deny: file.servers?.deny ?? [] },
    tools: { allow: file.tools?.allow, deny: file.tools?.deny ?? [] },
    maxOutputBytes: file.max_output_bytes,
    maxOutputTokens: file.max_output_tokens,
    redact: (file.redact ?? []).map((entry, index) => compileRedactRule(entry, index, source)),
    timeouts: { defaultMs: file.timeouts?.default_ms, maxMs: file.timeouts?.max_ms },
    approval: file.approval ?? [],
    approvalTimeoutMs: file.approval_timeout_ms,
    pinned: file.pinned ?? [],
    gates: {
      maxMessageBytes: file.gates?.max_message_bytes,
      outputSchema: file.gates?.output_schema,
      secrets: file.gates?.secrets,
      perSessionPerMinute: file.gates?.rate_limit?.per_session,
      perToolPerMinute: file.gates?.rate_limit?.per_tool,
    },
    redactKeys: file.redact_keys ?? [],
    audit: file.audit,
    mode: file.mode,
    provisioning: file.provisioning,
    searchLearn: file.search?.learn,
  };
}

function compileRedactRule(
  entry: NonNullable<PolicyFile['redact']>[number],
  index: number,
  source: string,
): RedactRule {
  const rule = typeof entry === 'string' ? { name: `redact-${index}`, pattern: entry } : entry;
  const flags = `${(rule.flags ?? '').replace(/g/g, '')}g`;
  let pattern: RegExp;
  try {
    pattern = new RegExp(rule.pattern, flags);
  } catch (error) {
    const detail = (error as Error).message;
    throw invalid(
      source,
      `has a redact pattern that does not compile: redact[${index}] ${JSON.stringify(rule.pattern)}: ${detail}`,
      error,
    );
  }
  return { name: rule.name, pattern, replacement: rule.replacement ?? `[REDACTED:${rule.name}]` };
}

async function readPolicyFile(file: string, owned: boolean): Promise<string | undefined> {
  try {
    return owned ? await readOwnFile(file) : await readFile(file, 'utf8');
  } catch (error) {
    if (isGatewayError(error))
      throw new GatewayError('POLICY_INVALID', `Policy file ${file} is not used: ${error.message}`, {
        hint: FIX_HINT,
        cause: error,
        details: { file },
      });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new GatewayError(
      'POLICY_INVALID',
      `Policy file ${file} cannot be read (${code ?? 'unknown error'}). ${FIX}`,
      {
        hint: 'Check the file permissions, or remove the file; toolgate will not run tools under a policy it cannot read in full.',
        cause: error,
        details: { file },
      },
    );
  }
}

function invalid(source: string, problem: string, cause: unknown): GatewayError {
  return new GatewayError('POLICY_INVALID', `Policy file ${source} ${problem}. ${FIX}`, {
    hint: FIX_HINT,
    cause,
    details: { file: source },
  });
}
