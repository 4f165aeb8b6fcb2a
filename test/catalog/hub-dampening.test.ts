import { describe, expect, it } from 'vitest';
import { ToolIndex, type CatalogTool, type IndexSearchOptions } from '../../src/catalog/tool-index.js';

const OPTIONS: IndexSearchOptions = { limit: 3, includeOffline: true, isOnline: () => true, isVisible: () => true };

/** Short tools, each about one thing, as most servers describe theirs. */
const FOCUSED: [string, string][] = [
  ['send_email', 'Send an email message to a recipient.'],
  ['create_calendar_event', 'Create a calendar event with attendees.'],
  ['upload_image', 'Upload an image file to storage.'],
  ['query_database', 'Run a SQL query against the database.'],
  ['translate_text', 'Translate text into another language.'],
  ['resize_image', 'Resize an image to given dimensions.'],
  ['list_invoices', 'List invoices of a customer account.'],
  ['schedule_meeting', 'Schedule a meeting in the calendar.'],
];

/** A made-up word per number (letters only, so the tokenizer keeps it whole): filler for a long manual. */
function fillerWord(n: number): string {
  let word = 'x';
  for (let rest = n; rest > 0; rest = Math.floor(rest / 26)) word += String.fromCharCode(97 + (rest % 26));
  return word;
}

/**
 * One tool whose description is a manual of 3,000 words: it names, once each and in passing, nearly
 * everything the others do, as real 30 KB descriptions do.
 */
function hubTool(): CatalogTool {
  const mentions =
    'You can embed an image, mention an email, note a calendar event or meeting, reference a database ' +
    'query, an invoice, a customer account, text to translate or any file.';
  const filler = Array.from({ length: 3000 }, (_, i) => fillerWord(i + 1)).join(' ');
  return { name: 'open_diagram_editor', description: `Opens a diagram editor. ${mentions} ${filler}` };
}

function index(hubDampening: boolean, semanticWeight = 0): ToolIndex {
  const built = new ToolIndex({ hubDampening, semanticWeight });
  built.replaceServer(
    'office',
    FOCUSED.map(([name, description]) => ({ name, description })),
    {},
  );
  built.replaceServer('diagrams', [hubTool()], {});
  return built;
}

const hubScore = (built: ToolIndex, query: string) =>
  built.query(query, { ...OPTIONS, limit: 20 }).find((hit) => hit.tool.name === 'open_diagram_editor')?.score ?? 0;

describe('hub dampening', () => {
  it('counts a word mentioned once in a very long description for much less than in a short one', () => {
    for (const query of ['note a meeting with the customer', 'mention the file in an email'])
      expect(hubScore(index(true), query)).toBeLessThan(hubScore(index(false), query) / 2);
  });

  it('ranks a short tool about the need above a long description that mentions it in passing', () => {
    expect(index(false).query('reference to a query', OPTIONS)[0]?.tool.name).toBe('open_diagram_editor');
    expect(index(true).query('reference to a query', OPTIONS)[0]?.tool.name).toBe('query_database');
  });

  it('still finds the long-described tool for its own words', () => {
    expect(index(true).query('diagram editor', OPTIONS)[0]?.tool.name).toBe('open_diagram_editor');
  });
});
