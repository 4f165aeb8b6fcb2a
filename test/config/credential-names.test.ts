// The one rule for which values of a server entry are credentials: by name in any field, by place in args, url and headers.
import { describe, expect, it } from 'vitest';
import { credentialOf, interpolatedCredential, isCredentialName } from '../../src/config/credential-names.js';
import { normalizeRemoteEntry, normalizeStdioEntry } from '../../src/config/normalize-entry.js';

describe('isCredentialName', () => {
  it('takes names that say they hold a credential, and leaves out places that match the pattern', () => {
    for (const name of ['GITHUB_TOKEN', 'API_KEY', 'DB_PASSWORD', 'AUTH_HEADER', 'SESSION_COOKIE', 'CLIENT_SECRET'])
      expect(isCredentialName(name), name).toBe(true);
    for (const name of ['PWD', 'SSH_AUTH_SOCK', 'GOOGLE_CREDENTIALS_FILE', 'TOKEN_PATH', 'KEY_DIR', 'HOME', 'REGION'])
      expect(isCredentialName(name), name).toBe(false);
  });

  it('gives the credential of a named value without its scheme word', () => {
    expect(credentialOf('Authorization', 'Bearer abc.def')).toBe('abc.def');
    expect(credentialOf('X-Region', 'eu-west-1')).toBeUndefined();
  });
});

describe('interpolatedCredential', () => {
  it('takes a credential-named variable in any field', () => {
    for (const field of ['command', 'args', 'env', 'cwd', 'url', 'headers'] as const)
      expect(interpolatedCredential('API_TOKEN', field, 'tok-123456'), field).toBe('tok-123456');
  });

  it('takes any other variable in args, url and headers, where values travel to the server', () => {
    expect(interpolatedCredential('SIGNED_LINK', 'args', 'link-abcdef')).toBe('link-abcdef');
    expect(interpolatedCredential('WORKSPACE_ID', 'url', 'ws-abcdef')).toBe('ws-abcdef');
    expect(interpolatedCredential('X_CUSTOM', 'headers', 'Bearer xyz-123')).toBe('xyz-123');
    expect(interpolatedCredential('REGION', 'env', 'eu-west-1')).toBeUndefined();
    expect(interpolatedCredential('PROGRAM', 'command', 'my-server')).toBeUndefined();
  });

  it('never takes a place: ${HOME}, *_DIR and *_PATH variables, or an absolute path passed in args', () => {
    expect(interpolatedCredential('HOME', 'args', '/home/u')).toBeUndefined();
    expect(interpolatedCredential('DATA_DIR', 'args', 'data')).toBeUndefined();
    expect(interpolatedCredential('XDG_CONFIG_HOME', 'url', '/home/u/.config')).toBeUndefined();
    expect(interpolatedCredential('PROJECT', 'args', '/srv/project')).toBeUndefined();
    expect(interpolatedCredential('PROJECT', 'args', 'C:\\work')).toBeUndefined();
  });
});

describe('normalized entries', () => {
  const context = {
    file: '/cfg/servers.json',
    homeDir: '/home/u',
    env: { API_TOKEN: 'tok-123456', SIGNED_LINK: 'link-abcdef', HOME: '/home/u', REGION: 'eu-west-1' },
  };

  it('carry the values of the references the rule takes, and not those of places or settings', () => {
    const stdio = normalizeStdioEntry(
      'a',
      {
        command: 'node',
        args: ['--token', '${API_TOKEN}', '${SIGNED_LINK}', '${HOME}/data'],
        env: { AWS_REGION: '${REGION}' },
      },
      context,
    );
    expect(stdio.ok && stdio.entry.interpolatedSecrets?.sort()).toEqual(['link-abcdef', 'tok-123456']);
    const remote = normalizeRemoteEntry(
      'b',
      { url: 'https://x.example/${SIGNED_LINK}/mcp?region=${REGION}', headers: { 'X-Region': '${REGION}' } },
      context,
    );
    expect(remote.ok && remote.entry.interpolatedSecrets?.sort()).toEqual(['eu-west-1', 'link-abcdef']);
  });
});
