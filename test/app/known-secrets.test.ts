// Which environment values count as credentials to redact: named like one, and not a path.
import { describe, expect, it } from 'vitest';
import { collectKnownSecrets, secretLookingValues } from '../../src/app/known-secrets.js';

describe('secretLookingValues', () => {
  it('takes values of credential-named variables, without a Bearer prefix', () => {
    expect(
      secretLookingValues({
        GITHUB_TOKEN: 'ghp_x',
        API_KEY: 'k-123',
        AUTH_HEADER: 'Bearer abc.def',
        HOME: '/home/u',
        LANG: 'C',
      }).sort(),
    ).toEqual(['abc.def', 'ghp_x', 'k-123']);
  });

  it('leaves out the working folder, paths and sockets, which a server prints all the time', () => {
    expect(
      secretLookingValues({
        PWD: '/work/proj',
        OLDPWD: '/work',
        SSH_AUTH_SOCK: '/tmp/ssh-1/agent.2',
        XAUTHORITY: '/home/u/.Xauthority',
        AUTH_FILE: '/etc/x',
        DB_PWD: 'hunter22',
        EMPTY_TOKEN: '',
      }),
    ).toEqual(['hunter22']);
  });

  it('keeps a secret that happens to start with a slash (base64 can)', () => {
    expect(secretLookingValues({ AWS_SECRET_ACCESS_KEY: '/k7MDENG/bPxRfiCYEXAMPLEKEY' })).toEqual([
      '/k7MDENG/bPxRfiCYEXAMPLEKEY',
    ]);
  });
});

describe('collectKnownSecrets', () => {
  it('reads config entries by the same rule: credential-named env and header values, not paths', () => {
    const stdio = {
      name: 'a',
      source: '/c',
      transport: 'stdio' as const,
      command: 'x',
      args: [],
      env: { API_TOKEN: 'tok-123456', GOOGLE_CREDENTIALS_FILE: '/home/u/creds.json' },
    };
    const remote = {
      name: 'b',
      source: '/c',
      transport: 'http' as const,
      url: 'https://x',
      headers: { Authorization: 'Bearer abc.def.ghi' },
    };
    expect(collectKnownSecrets([stdio, remote] as never, ['stored-value']).sort()).toEqual([
      'abc.def.ghi',
      'stored-value',
      'tok-123456',
    ]);
  });

  it('adds the values the credential rule took from ${VAR} references, and the credentials written in a URL', () => {
    const stdio = {
      name: 'a',
      source: '/c',
      transport: 'stdio' as const,
      command: 'x',
      args: ['--token', 'tok-from-args'],
      env: {},
      interpolatedSecrets: ['tok-from-args'],
    };
    const remote = {
      name: 'b',
      source: '/c',
      transport: 'http' as const,
      url: 'https://user:pa%24%24word@x.example/mcp?api_key=query-key-1&page=2',
      headers: {},
    };
    expect(collectKnownSecrets([stdio, remote] as never, []).sort()).toEqual([
      'pa$$word',
      'pa%24%24word',
      'query-key-1',
      'tok-from-args',
    ]);
  });
});
