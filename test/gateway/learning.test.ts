// Learning from use: which words a session's searches teach a tool, and the caps that bound them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.js';
import { createSecretTextRedactor } from '../../src/redaction/index.js';
import {
  LearnedTerms,
  MAX_LEARNED_FILE_BYTES,
  MAX_LEARNED_TOOLS,
  MAX_LEARNED_WORDS_PER_TOOL,
} from '../../src/gateway/learning/learned-terms.js';
import {
  LEARN_WINDOW_CALLS,
  learnableWords,
  MAX_WORDS_PER_LESSON,
  SearchTrail,
} from '../../src/gateway/learning/search-trail.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toolgate-learn-'));
  dirs.push(dir);
  return path.join(dir, 'cache', 'learned-search-terms.json');
}

describe('learnableWords', () => {
  const redact = createSecretTextRedactor(['hunter2-very-secret']);

  it('keeps plain words and drops credentials, numbers, paths and stop words', () => {
    const token = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
    expect(
      learnableWords([`please make my paragraph bilingual ${token} /etc/passwd v2 hunter2-very-secret`], redact),
    ).toEqual(['make', 'paragraph', 'bilingual']);
  });
});

describe('SearchTrail', () => {
  it('teaches the words of the searches before a tool they offered, once', () => {
    const trail = new SearchTrail();
    trail.recordSearch('s', ['bilingual', 'paragraph'], ['many::echo']);
    trail.recordSearch('s', ['translate'], ['many::translate_text']);
    expect(trail.recordInvoke('s', 'many::translate_text')).toEqual(['translate', 'bilingual', 'paragraph']);
    expect(trail.recordInvoke('s', 'many::translate_text')).toEqual([]);
    // Another session's invoke learns nothing from this one's searches.
    expect(new SearchTrail().recordInvoke('t', 'many::translate_text')).toEqual([]);
  });

  it('teaches nothing to a tool no search offered, nor after the window', () => {
    const trail = new SearchTrail();
    trail.recordSearch('s', ['delete', 'everything'], ['many::delete_repository']);
    expect(trail.recordInvoke('s', 'many::echo')).toEqual([]);
    for (let i = 0; i < LEARN_WINDOW_CALLS; i++) trail.recordInvoke('s', 'many::add');
    expect(trail.recordInvoke('s', 'many::delete_repository')).toEqual([]);
  });

  it('caps the words of one lesson', () => {
    const trail = new SearchTrail();
    const flood = Array.from({ length: 40 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${i}`);
    trail.recordSearch('s', flood, ['many::echo']);
    expect(trail.recordInvoke('s', 'many::echo')).toHaveLength(MAX_WORDS_PER_LESSON);
  });
});

describe('LearnedTerms', () => {
  it('writes a 0600 file that a new instance reads back', async () => {
    const file = tempFile();
    const terms = new LearnedTerms({ file, logger: silentLogger });
    expect(terms.learn('many::translate_text', ['bilingual', 'paragraph', 'Bad Word', '42'])).toEqual([
      'bilingual',
      'paragraph',
    ]);
    terms.learn('many::translate_text', ['bilingual']);
    await terms.flush();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const again = new LearnedTerms({ file, logger: silentLogger });
    await again.load();
    expect(again.words('many::translate_text')).toEqual(['bilingual', 'paragraph']);
  });

  it('keeps confirmed words when a flood of new ones comes, within the per-tool cap', () => {
    const terms = new LearnedTerms({ file: tempFile(), logger: silentLogger });
    terms.learn('a::b', ['sturdy']);
    terms.learn('a::b', ['sturdy']);
    for (let i = 0; i < 10; i++)
      terms.learn(
        'a::b',
        Array.from({ length: 6 }, (_, j) => 'flood' + String.fromCharCode(97 + i) + String.fromCharCode(97 + j)),
      );
    const words = terms.words('a::b');
    expect(words).toHaveLength(MAX_LEARNED_WORDS_PER_TOOL);
    expect(words[0]).toBe('sturdy');
  });

  it('drops the least recently taught tools past the tool and byte caps', async () => {
    let now = 0;
    const file = tempFile();
    const terms = new LearnedTerms({ file, logger: silentLogger, now: () => ++now });
    const letters = (n: number) => n.toString(26).replace(/\d/g, (d) => String.fromCharCode(97 + Number(d)));
    for (let i = 0; i < MAX_LEARNED_TOOLS + 50; i++) {
      const words = Array.from({ length: MAX_LEARNED_WORDS_PER_TOOL }, (_, j) => `word${letters(i)}x${letters(j)}`);
      terms.learn(
        `server::tool_${i}`,
        words.map((word) => word.replace(/[^a-z]/g, 'q').slice(0, 24)),
      );
    }
    await terms.flush();
    expect(terms.toolIds().length).toBeLessThanOrEqual(MAX_LEARNED_TOOLS);
    expect(terms.words('server::tool_0')).toEqual([]);
    expect(terms.words(`server::tool_${MAX_LEARNED_TOOLS + 49}`)).not.toEqual([]);
    expect(fs.statSync(file).size).toBeLessThanOrEqual(MAX_LEARNED_FILE_BYTES);
  });

  it('ignores a broken file', async () => {
    const file = tempFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"version": 1, "tools": {"x::y": {"words": {"ok": "many"}, "at": 0}}}');
    const terms = new LearnedTerms({ file, logger: silentLogger });
    await terms.load();
    expect(terms.toolIds()).toEqual([]);
  });
});
