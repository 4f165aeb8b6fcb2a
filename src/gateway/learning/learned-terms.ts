// The words searches used before a tool was invoked, per tool: capped, kept in one 0600 file in TOOLGATE_HOME.
import fs from 'node:fs/promises';
import { z } from 'zod';
import type { Logger } from '../../log/logger.js';
import { writeFileAtomic } from '../../storage/atomic-write.js';

/** A tool keeps at most this many learned words; a new one replaces the least confirmed (then the oldest). */
export const MAX_LEARNED_WORDS_PER_TOOL = 12;
/** Tools with learned words at most; the least recently learned go first. */
export const MAX_LEARNED_TOOLS = 400;
/** The file never exceeds this; the least recently learned tools are dropped until it fits. */
export const MAX_LEARNED_FILE_BYTES = 64 * 1024;
/** A file larger than this is not read (it was not written by toolgate): learning starts afresh. */
const MAX_READ_BYTES = 4 * MAX_LEARNED_FILE_BYTES;
const FILE_VERSION = 1;

/** A learned word: lower-case letters only, so no number, path, id or token-shaped string is ever kept. */
export const LEARNED_WORD = /^[a-z]{2,24}$/;
const TOOL_ID = /^[^\s:]{1,128}::[^\s]{1,128}$/;

const fileSchema = z.object({
  version: z.literal(FILE_VERSION),
  tools: z.record(
    z.string().regex(TOOL_ID),
    z.object({
      /** Word → how many lessons taught it. */
      words: z.record(z.string().regex(LEARNED_WORD), z.number().int().min(1).max(1_000_000)),
      /** When it was last taught (ms since epoch), for eviction. */
      at: z.number().int().min(0),
    }),
  ),
});

type LearnedFile = z.infer<typeof fileSchema>;
type ToolWords = LearnedFile['tools'][string];

export interface LearnedTermsOptions {
  file: string;
  logger: Logger;
  /** Default Date.now. */
  now?: () => number;
}

export class LearnedTerms {
  private tools = new Map<string, ToolWords>();
  private saving: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly options: LearnedTermsOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Reads the file; a missing one is empty, a broken or oversized one is ignored (and replaced on next lesson). */
  async load(): Promise<void> {
    let text: string;
    try {
      const stat = await fs.stat(this.options.file);
      if (stat.size > MAX_READ_BYTES) throw new Error(`larger than ${MAX_READ_BYTES} bytes`);
      text = await fs.readFile(this.options.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.warn(error);
      return;
    }
    try {
      const parsed = fileSchema.parse(JSON.parse(text));
      this.tools = new Map(Object.entries(parsed.tools));
      this.trim();
    } catch (error) {
      this.warn(error);
    }
  }

  /** Learned words of one tool, most confirmed first. */
  words(toolId: string): string[] {
    const known = this.tools.get(toolId);
    if (!known) return [];
    return Object.entries(known.words)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([word]) => word);
  }

  /** Every tool with learned words. */
  toolIds(): string[] {
    return [...this.tools.keys()];
  }

  /**
   * Teaches `words` (already filtered: learnableWords) to one tool and saves in the background. Returns the
   * tool's words now. Words already known gain a count; new ones enter while the tool has room, else replace
   * its least confirmed word of count 1 only, so that one session cannot wash out words many confirmed.
   */
  learn(toolId: string, words: readonly string[]): string[] {
    if (!TOOL_ID.test(toolId)) return this.words(toolId);
    const entry = this.tools.get(toolId) ?? { words: {}, at: 0 };
    for (const word of new Set(words.filter((candidate) => LEARNED_WORD.test(candidate)))) {
      if (entry.words[word] !== undefined) {
        entry.words[word] += 1;
        continue;
      }
      const held = Object.entries(entry.words);
      if (held.length >= MAX_LEARNED_WORDS_PER_TOOL) {
        const weakest = held.find(([, count]) => count === 1);
        if (!weakest) continue;
        delete entry.words[weakest[0]];
      }
      entry.words[word] = 1;
    }
    entry.at = this.now();
    // Re-inserted so that the map's order is least recently taught first.
    this.tools.delete(toolId);
    this.tools.set(toolId, entry);
    this.trim();
    this.save();
    return this.words(toolId);
  }

  /** Resolves once every save begun so far has finished. */
  flush(): Promise<void> {
    return this.saving;
  }

  private save(): void {
    this.saving = this.saving.then(async () => {
      try {
        await writeFileAtomic(this.options.file, this.serialize(), { mode: 0o600 });
      } catch (error) {
        this.warn(error);
      }
    });
  }

  /** Drops the least recently taught tools past MAX_LEARNED_TOOLS or MAX_LEARNED_FILE_BYTES. */
  private trim(): void {
    const sorted = [...this.tools.entries()].sort(([, a], [, b]) => a.at - b.at);
    this.tools = new Map(sorted.slice(Math.max(0, sorted.length - MAX_LEARNED_TOOLS)));
    let bytes = Buffer.byteLength(this.serialize());
    for (const [toolId, entry] of this.tools) {
      if (bytes <= MAX_LEARNED_FILE_BYTES) break;
      // The entry's share of the JSON: `"id":{...},`.
      bytes -= Buffer.byteLength(JSON.stringify(toolId)) + Buffer.byteLength(JSON.stringify(entry)) + 2;
      this.tools.delete(toolId);
    }
  }

  private serialize(): string {
    const file: LearnedFile = { version: FILE_VERSION, tools: Object.fromEntries(this.tools) };
    return JSON.stringify(file);
  }

  private warn(error: unknown): void {
    this.options.logger.warn(
      { file: this.options.file, err: (error as Error).message },
      'learned search words could not be read or written; search works without them',
    );
  }
}
