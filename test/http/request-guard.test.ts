// Which Host and Origin values the HTTP service accepts for each bind address.
import { describe, expect, it } from 'vitest';
import { defaultAllowedHosts, defaultAllowedOrigins } from '../../src/http/request-guard.js';

describe('defaultAllowedHosts', () => {
  it('accepts the loopback names on a loopback bind', () => {
    expect(defaultAllowedHosts('127.0.0.1', 3344)).toEqual(new Set(['127.0.0.1:3344', 'localhost:3344', '[::1]:3344']));
    expect(defaultAllowedHosts('::1', 3344)).toEqual(new Set(['127.0.0.1:3344', 'localhost:3344', '[::1]:3344']));
  });

  it('also accepts the bound address itself when it is another loopback address', () => {
    const hosts = defaultAllowedHosts('127.0.0.2', 4000);
    expect(hosts).not.toBe('any');
    expect((hosts as Set<string>).has('127.0.0.2:4000')).toBe(true);
    expect((hosts as Set<string>).has('127.0.0.3:4000')).toBe(false);
    expect(defaultAllowedOrigins('127.0.0.2', 4000).has('http://127.0.0.2:4000')).toBe(true);
  });

  it('accepts any Host beyond loopback unless hosts are listed', () => {
    expect(defaultAllowedHosts('0.0.0.0', 3344)).toBe('any');
    expect(defaultAllowedHosts('0.0.0.0', 3344, ['Gateway.example:3344'])).toEqual(
      new Set(['0.0.0.0:3344', 'gateway.example:3344']),
    );
  });
});
