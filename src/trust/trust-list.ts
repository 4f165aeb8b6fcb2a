// The project files the user has trusted, each by path and content hash, kept in TOOLGATE_HOME (mode 0600).
import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { GatewayError, isGatewayError } from '../errors/index.js';
import { writeFileAtomic } from '../storage/atomic-write.js';
import { queueFileEdit } from '../storage/file-edit-queue.js';
import { readOwnFile } from '../storage/file-ownership.js';
import { parseJsonWith } from '../storage/parse-json-with.js';

/** The trust file, in TOOLGATE_HOME. */
export const TRUST_FILE_NAME = 'trusted-projects.json';
/** Only the user reads and writes it: whoever can write it decides what a repository may run. */
export const TRUST_FILE_MODE = 0o600;

const trustRecordSchema = z.object({
  /** The folder `toolgate trust` was run for. */
  folder: z.string(),
  /** Absolute path of the trusted file. */
  file: z.string(),
  /** sha256 of the file's content when it was trusted, hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  trusted_at: z.string(),
});

const trustFileSchema = z.object({ version: z.literal(1), trusted: z.array(trustRecordSchema) });

export type TrustRecord = z.infer<typeof trustRecordSchema>;

/** `changed`: the file was trusted, but its content is no longer what was trusted. */
export type TrustVerdict = 'trusted' | 'untrusted' | 'changed';

/** The seam every reader of project files asks. */
export interface ProjectTrust {
  verdict(file: string, content: string): TrustVerdict;
}

export interface TrustList extends ProjectTrust {
  readonly records: readonly TrustRecord[];
}

/** A project file of which nothing is trusted: the default of every reader. */
export const NO_TRUST: ProjectTrust = { verdict: () => 'untrusted' };

/** The exact command that trusts the project files seen from `folder`. */
export function trustCommand(folder: string): string {
  return `toolgate trust ${JSON.stringify(folder)}`;
}

export function contentHash(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

export function createTrustList(records: readonly TrustRecord[]): TrustList {
  return {
    records,
    verdict: (file, content) => {
      const own = records.filter((record) => record.file === path.resolve(file));
      if (own.length === 0) return 'untrusted';
      const hash = contentHash(content);
      return own.some((record) => record.sha256 === hash) ? 'trusted' : 'changed';
    },
  };
}

export interface LoadedTrustList {
  trust: TrustList;
  /** Why the file could not be used (then nothing is trusted); never fatal. */
  problem?: string;
}

/** A missing file trusts nothing; so does one that is unsafe or damaged, which is reported. */
export async function loadTrustList(file: string): Promise<LoadedTrustList> {
  let text: string;
  try {
    text = await readOwnFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { trust: createTrustList([]) };
    const reason = isGatewayError(error)
      ? error.message
      : `it could not be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`;
    return { trust: createTrustList([]), problem: `No project file is trusted: ${reason}` };
  }
  const parsed = parseTrustText(text);
  if (parsed === undefined) {
    return {
      trust: createTrustList([]),
      problem: `No project file is trusted: ${file} is not a trust file toolgate wrote (expected {"version": 1, "trusted": [...]}). Move it away and run \`toolgate trust\` again in each project.`,
    };
  }
  return { trust: createTrustList(parsed) };
}

/**
 * Edits the records under a per-file queue, re-reading the file first; the result is written atomically,
 * mode 0600. A damaged file is an error here (an edit must not silently drop the user's other records).
 */
export function editTrustList(file: string, edit: (records: TrustRecord[]) => TrustRecord[]): Promise<TrustRecord[]> {
  return queueFileEdit(file, async () => {
    const loaded = await loadTrustList(file);
    if (loaded.problem !== undefined) throw new GatewayError('CONFIG_INVALID', loaded.problem, { details: { file } });
    const next = edit([...loaded.trust.records]);
    await writeFileAtomic(file, `${JSON.stringify({ version: 1, trusted: next }, null, 2)}\n`, {
      mode: TRUST_FILE_MODE,
    });
    return next;
  });
}

function parseTrustText(text: string): TrustRecord[] | undefined {
  return parseJsonWith(trustFileSchema, text)?.trusted;
}
