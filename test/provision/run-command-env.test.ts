// The environment an install command gets: installer settings and the user's network settings, nothing else.
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/provision/run-command.js';

describe('runCommand', () => {
  it('passes certificate and proxy variables in either case to the installer, and keeps other variables out', async () => {
    const stdout = await runCommand({
      command: process.execPath,
      args: ['-e', 'process.stdout.write(JSON.stringify(process.env))'],
      env: {
        PATH: process.env.PATH,
        SSL_CERT_FILE: '/etc/corp/bundle.pem',
        REQUESTS_CA_BUNDLE: '/etc/corp/bundle.pem',
        all_proxy: 'socks5://proxy.corp.example:1080',
        HTTPS_PROXY: 'http://proxy.corp.example:3128',
        npm_config_registry: 'https://npm.corp.example/',
        NODE_OPTIONS: '--require /tmp/evil.js',
        LD_PRELOAD: '/tmp/evil.so',
        SOME_API_KEY: 'not for installers',
      },
      timeoutMs: 30_000,
    });
    const env = JSON.parse(stdout) as Record<string, string>;
    expect(env).toMatchObject({
      SSL_CERT_FILE: '/etc/corp/bundle.pem',
      REQUESTS_CA_BUNDLE: '/etc/corp/bundle.pem',
      all_proxy: 'socks5://proxy.corp.example:1080',
      HTTPS_PROXY: 'http://proxy.corp.example:3128',
      npm_config_registry: 'https://npm.corp.example/',
    });
    expect(env.NODE_OPTIONS).toBeUndefined();
    expect(env.LD_PRELOAD).toBeUndefined();
    expect(env.SOME_API_KEY).toBeUndefined();
  });
});
