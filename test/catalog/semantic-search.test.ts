import { describe, expect, it } from 'vitest';
import { ToolIndex, type CatalogTool, type IndexSearchOptions } from '../../src/catalog/tool-index.js';
import type { TextEmbedder } from '../../src/catalog/text-embedder.js';
import { WordEmbedder } from '../../src/catalog/word-embedder.js';
import { encodeWordVectors, WordVectorTable } from '../../src/catalog/word-vector-table.js';

const OPTIONS: IndexSearchOptions = { limit: 5, includeOffline: true, isOnline: () => true, isVisible: () => true };

/**
 * A four-dimensional "meaning" space made by the test: axis 0 reading text, 1 weather, 2 time, 3 version
 * control. Words of one topic point the same way; ranks make the topic words rarer than filler words.
 */
function tinyTable(): WordVectorTable {
  const topics: Record<string, number> = {
    read: 0,
    file: 0,
    text: 0,
    peek: 0,
    contents: 0,
    document: 0,
    weather: 1,
    forecast: 1,
    rain: 1,
    umbrella: 1,
    time: 2,
    clock: 2,
    hours: 2,
    zone: 2,
    commit: 3,
    branch: 3,
    git: 3,
    stash: 3,
    changes: 3,
  };
  const filler = ['get', 'show', 'current', 'given', 'tomorrow', 'need'];
  const words = [...filler, ...Object.keys(topics)];
  const vectors = words.map((word) => {
    const v = new Float32Array(4).fill(0.05);
    if (word in topics) v[topics[word] as number] = 1;
    return v;
  });
  return new WordVectorTable(
    encodeWordVectors({ words, ranks: words.map((_, i) => (i < filler.length ? i : 1000 + i)), vectors, dims: 4 }),
    'test table',
  );
}

const TOOLS: Record<string, CatalogTool[]> = {
  files: [{ name: 'read_file', description: 'Read the contents of a text file.' }],
  weather: [{ name: 'get_forecast', description: 'Weather forecast for a city.' }],
  clock: [{ name: 'current_time', description: 'Current time in a given time zone.' }],
  git: [{ name: 'git_commit', description: 'Commit staged changes to the branch.' }],
};

function index(createEmbedder: () => TextEmbedder | undefined, semanticWeight = 1): ToolIndex {
  const built = new ToolIndex({ semanticWeight }, { createEmbedder });
  for (const [server, tools] of Object.entries(TOOLS)) built.replaceServer(server, tools, {});
  return built;
}

describe('semantic layer of catalog search', () => {
  it('finds a tool for a need that shares no word with it, through word vectors', () => {
    const table = tinyTable();
    const semantic = index(() => new WordEmbedder(table));
    expect(semantic.query('will I need an umbrella tomorrow', OPTIONS)[0]?.toolId).toBe('weather::get_forecast');
    expect(semantic.query('peek at a document', OPTIONS)[0]?.toolId).toBe('files::read_file');
    // Lexical search alone has nothing to go on for the same words.
    const lexical = index(() => new WordEmbedder(table), 0);
    expect(lexical.query('will I need an umbrella tomorrow', OPTIONS)).toEqual([]);
  });

  it('keeps the lexical match first when the words say it, the semantic one adding to it', () => {
    const semantic = index(() => new WordEmbedder(tinyTable()));
    const hits = semantic.query('commit', OPTIONS);
    expect(hits[0]?.toolId).toBe('git::git_commit');
    expect(hits[0]?.score).toBeGreaterThan(1);
  });

  it('makes the embedder once, at the first search, and embeds tools added before and after', () => {
    let made = 0;
    const table = tinyTable();
    const built = index(() => {
      made++;
      return new WordEmbedder(table);
    });
    expect(made).toBe(0);
    expect(built.query('what hours does the clock show', OPTIONS)[0]?.toolId).toBe('clock::current_time');
    built.replaceServer('later', [{ name: 'stash_changes', description: 'Stash changes away.' }], {});
    built.removeServer('git');
    expect(built.query('put my git work aside', OPTIONS)[0]?.toolId).toBe('later::stash_changes');
    expect(made).toBe(1);
  });

  it('searches lexically only when no embedder is available', () => {
    const built = index(() => undefined);
    expect(built.query('umbrella', OPTIONS)).toEqual([]);
    expect(built.query('forecast', OPTIONS)[0]?.toolId).toBe('weather::get_forecast');
  });

  it('accepts any embedder behind the seam and fuses its cosine the same way', () => {
    // A stand-in for an optional neural model: every text about time maps to one direction.
    const embedder: TextEmbedder = {
      dims: 2,
      embedTool: ({ tool }) => Float32Array.from(/time/.test(tool.name) ? [1, 0] : [0, 1]),
      embedQuery: (query) => (/o'clock|hour/.test(query) ? Float32Array.from([1, 0]) : undefined),
    };
    const built = index(() => embedder);
    expect(built.query("what hour is it, o'clock", OPTIONS)[0]?.toolId).toBe('clock::current_time');
    expect(built.query('zzz', OPTIONS)).toEqual([]);
  });
});
