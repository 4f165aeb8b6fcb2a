import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from '../../src/errors/index.js';

describe('closestName', () => {
  it('finds the known name one or two edits away, a swap of neighbours counting as one', () => {
    expect(closestName('comand', ['args', 'command', 'env'])).toBe('command');
    expect(closestName('evn', ['args', 'command', 'env'])).toBe('env');
    expect(editDistance('cmomand', 'command')).toBe(1);
    expect(closestName('URL', ['url', 'headers'])).toBe('url');
  });

  it('suggests nothing for a name that is not a near miss, or for a name too short to judge', () => {
    expect(closestName('alwaysAllow', ['args', 'command', 'env'])).toBeUndefined();
    expect(closestName('ab', ['env'])).toBeUndefined();
    expect(closestName('command', ['command'])).toBeUndefined();
  });
});
