// What a stdio child gets from the user's environment, and what a start that hangs tells the user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, startGateway, textOf, type GatewayProcess } from '../support/gateway-process.js';

interface ErrorAnswer {
  error: { code: string; message: string; details?: { stderr?: string[] } };
}

const USER_ENV = {
  HTTPS_PROXY: 'http://proxy.corp.example:3128',
  https_proxy: 'http://proxy.corp.example:3128',
  HTTP_PROXY: 'http://proxy.corp.example:3128',
  NO_PROXY: 'localhost,.corp.example',
  no_proxy: 'localhost',
  ALL_PROXY: 'socks5://proxy.corp.example:1080',
  NODE_EXTRA_CA_CERTS: '/etc/corp/root-ca.pem',
  SSL_CERT_FILE: '/etc/corp/bundle.pem',
  SSL_CERT_DIR: '/etc/corp/certs',
  REQUESTS_CA_BUNDLE: '/etc/corp/bundle.pem',
  CURL_CA_BUNDLE: '/etc/corp/bundle.pem',
  npm_config_registry: 'https://npm.corp.example/',
  // Not network settings: a loader variable that does nothing on Linux, and an unrelated credential.
  DYLD_INSERT_LIBRARIES: '/tmp/evil.dylib',
  UNRELATED_API_TOKEN: 'tok-should-not-reach-children',
};

const STDERR_LINES = [
  'npm warn exec The following package was not found and will be installed: some-server@1.0.0',
  'npm error code UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'npm error request to https://registry.npmjs.org/some-server failed, reason: unable to get local issuer certificate',
  `npm error auth token ghp_${'a1B2c3D4e5'.repeat(4)}`,
];

describe('a stdio child started by the gateway', () => {
  let gw: GatewayProcess;
  beforeAll(async () => {
    gw = await startGateway({
      env: USER_ENV,
      servers: {
        envreport: fixture('env-report-server.mjs'),
        stuck: {
          ...fixture('never-initialize.mjs', { FIXTURE_STDERR: `${STDERR_LINES.join('\n')}\n` }),
          startup_timeout_ms: 3_000,
        },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('gets the user certificate, proxy and registry variables in both cases, and nothing else of the environment', async () => {
    const text = textOf(await gw.call('gateway_invoke', { tool_id: 'envreport::env' }));
    const env = JSON.parse(text) as Record<string, string>;
    for (const name of Object.keys(USER_ENV).filter(
      (key) => !['DYLD_INSERT_LIBRARIES', 'UNRELATED_API_TOKEN'].includes(key),
    ))
      expect(env[name], name).toBe(USER_ENV[name as keyof typeof USER_ENV]);
    expect(env.DYLD_INSERT_LIBRARIES).toBeUndefined();
    expect(env.UNRELATED_API_TOKEN).toBeUndefined();
    expect(env.TOOLGATE_HOME).toBeUndefined();
  });

  it('reports the stderr a child wrote before its start timed out, shortened and with credentials masked', async () => {
    const result = await gw.call('gateway_describe', { tool_id: 'stuck::anything' });
    const error = (result.structuredContent as unknown as ErrorAnswer).error;
    expect(error.code).toBe('DOWNSTREAM_TIMEOUT');
    expect(error.message).toContain('did not answer initialize within 3000 ms');
    expect(error.message).toContain('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
    expect(error.message).toContain('unable to get local issuer certificate');
    expect(JSON.stringify(result)).not.toContain('a1B2c3D4e5a1B2c3D4e5');
  });
});
