import { describe, expect, it } from 'vitest';
import { interpolate } from '../../src/config/interpolate.js';

describe('interpolate', () => {
  const env = { NAME: 'world', EMPTY: '' };

  it('replaces a set variable', () => {
    expect(interpolate('hello ${NAME}!', env)).toEqual({ value: 'hello world!' });
  });

  it('uses the default when the variable is unset or empty', () => {
    expect(interpolate('${UNSET:-a b}/${EMPTY:-x}/${NAME:-no}', env)).toEqual({ value: 'a b/x/world' });
  });

  it('keeps an empty default empty', () => {
    expect(interpolate('[${UNSET:-}]', env)).toEqual({ value: '[]' });
  });

  it('reports the first unset variable without a default, by name only', () => {
    expect(interpolate('${NAME}-${MISSING}-${ALSO}', env)).toEqual({ missing: 'MISSING' });
  });

  it('substitutes an empty string for a set but empty variable without a default', () => {
    expect(interpolate('<${EMPTY}>', env)).toEqual({ value: '<>' });
  });

  it('leaves text without ${ and lone $ signs as written', () => {
    expect(interpolate('$NAME costs $$5 and $', env)).toEqual({ value: '$NAME costs $$5 and $' });
  });

  it('treats $${ as an escaped literal ${', () => {
    expect(interpolate('$${NAME} vs ${NAME}', env)).toEqual({ value: '${NAME} vs world' });
  });

  it('leaves malformed references as written', () => {
    expect(interpolate('${1BAD} ${unterminated', env)).toEqual({ value: '${1BAD} ${unterminated' });
  });
});
