import { describe, expect, it } from 'vitest';
import { lightStem, QUERY_STOP_WORDS, stem, STOP_WORDS, tokenize } from '../../src/catalog/tokenize.js';

describe('tokenize', () => {
  it('splits camelCase, snake_case, kebab-case and dotted identifiers into the same lowercase words', () => {
    const expected = ['create', 'pull', 'request'];
    expect(tokenize('createPullRequest')).toEqual(expected);
    expect(tokenize('create_pull_request')).toEqual(expected);
    expect(tokenize('create-pull.request')).toEqual(expected);
    expect(tokenize('CreatePullRequest')).toEqual(expected);
  });

  it('splits a run of capitals from the word that follows it, and digits from letters', () => {
    expect(tokenize('HTTPServer2')).toEqual(['http', 'server', '2']);
    expect(tokenize('getS3Object')).toEqual(['get', 's', '3', 'object']);
    expect(tokenize('v2beta')).toEqual(['v', '2', 'beta']);
  });

  it('splits prose on spaces and punctuation and drops empty pieces', () => {
    expect(tokenize('  Search issues, by label!  ')).toEqual(['search', 'issues', 'by', 'label']);
    expect(tokenize('')).toEqual([]);
    expect(tokenize('--__..')).toEqual([]);
  });

  it('keeps letters outside ASCII as word characters, and combining marks with their letter', () => {
    expect(tokenize('überprüfe_Straße')).toEqual(['überprüfe', 'straße']);
    expect(tokenize('e\u0301clair')).toEqual(['e\u0301clair']);
  });
});

describe('stem', () => {
  it('gives a plural and its singular the same stem', () => {
    for (const [plural, singular] of [
      ['issues', 'issue'],
      ['files', 'file'],
      ['repositories', 'repository'],
      ['branches', 'branch'],
      ['boxes', 'box'],
      ['messages', 'message'],
    ]) {
      expect(stem(plural as string)).toBe(stem(singular as string));
    }
  });

  it('gives verb forms one stem, so "creating" finds "create"', () => {
    expect(stem('creating')).toBe(stem('create'));
    expect(stem('deleted')).toBe(stem('delete'));
    expect(stem('navigation')).toBe(stem('navigate'));
  });

  it('leaves short words, words with digits and non-ASCII words alone', () => {
    expect(stem('ids')).toBe('ids');
    expect(stem('gas')).toBe('gas');
    expect(stem('v2s')).toBe('v2s');
    expect(stem('überprüfe')).toBe('überprüfe');
  });
});

describe('lightStem', () => {
  it('folds plurals only (the first engine, kept for the benchmark ablation)', () => {
    expect(lightStem('repositories')).toBe('repository');
    expect(lightStem('branches')).toBe('branch');
    expect(lightStem('status')).toBe('status');
    expect(lightStem('creating')).toBe('creating');
  });
});

describe('QUERY_STOP_WORDS', () => {
  it('holds the document stop words and the filler of a spoken request, not action words', () => {
    expect(STOP_WORDS.has('the')).toBe(true);
    for (const word of STOP_WORDS) expect(QUERY_STOP_WORDS.has(word)).toBe(true);
    for (const word of ['want', 'need', 'could', 'something']) expect(QUERY_STOP_WORDS.has(word)).toBe(true);
    for (const word of ['create', 'delete', 'list', 'search', 'all']) expect(QUERY_STOP_WORDS.has(word)).toBe(false);
  });
});
