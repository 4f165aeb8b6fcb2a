import { describe, expect, it } from 'vitest';
import { processTerm, stem, STOP_WORDS, tokenize } from '../../src/catalog/tokenize.js';

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

  it('keeps letters outside ASCII as word characters', () => {
    expect(tokenize('überprüfe_Straße')).toEqual(['überprüfe', 'straße']);
  });
});

describe('stem', () => {
  it('turns common plurals into their singular', () => {
    expect(stem('issues')).toBe('issue');
    expect(stem('files')).toBe('file');
    expect(stem('repositories')).toBe('repository');
    expect(stem('branches')).toBe('branch');
    expect(stem('boxes')).toBe('box');
    expect(stem('messages')).toBe('message');
  });

  it('leaves words ending in ss, us or is alone', () => {
    expect(stem('access')).toBe('access');
    expect(stem('status')).toBe('status');
    expect(stem('analysis')).toBe('analysis');
  });

  it('leaves short words and words with digits alone', () => {
    expect(stem('ids')).toBe('ids');
    expect(stem('gas')).toBe('gas');
    expect(stem('v2s')).toBe('v2s');
  });
});

describe('processTerm', () => {
  it('drops stop words in any case', () => {
    for (const word of ['the', 'The', 'AND', 'with', 'please']) expect(processTerm(word)).toBeNull();
    expect(STOP_WORDS.has('the')).toBe(true);
  });

  it('lowercases and stems every other word', () => {
    expect(processTerm('Issues')).toBe('issue');
    expect(processTerm('Weather')).toBe('weather');
  });
});
