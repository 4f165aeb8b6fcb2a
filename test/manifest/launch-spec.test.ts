import { describe, expect, it } from 'vitest';
import { launchSpecOf, loadManifest, manifestServerSchema, type ManifestServer } from '../../src/manifest/index.js';

function server(fields: Record<string, unknown>): ManifestServer {
  return manifestServerSchema.parse({
    name: 'demo',
    description: 'A demo.',
    category: 'devtools',
    keywords: ['demo'],
    transport: 'stdio',
    env: [{ name: 'DEMO_TOKEN', required: true, description: 'Token.', obtain: 'https://example.com/token' }],
    homepage: 'https://example.com',
    ...fields,
  });
}

describe('launchSpecOf', () => {
  it('runs an npm server with npx -y and the exact version, args after it', () => {
    const spec = launchSpecOf(server({ npm: { package: '@acme/demo-mcp', version: '1.2.3', args: ['--token', '${DEMO_TOKEN}'] } }));
    expect(spec).toEqual({ kind: 'stdio', command: 'npx', args: ['-y', '@acme/demo-mcp@1.2.3', '--token', '${DEMO_TOKEN}'], envNames: ['DEMO_TOKEN'] });
  });

  it('picks a named bin of an npm package with -p', () => {
    const spec = launchSpecOf(server({ npm: { package: 'demo-tools', version: '2.0.0', bin: 'demo-mcp' } }));
    expect(spec).toMatchObject({ command: 'npx', args: ['-y', '-p', 'demo-tools@2.0.0', 'demo-mcp'] });
  });

  it('runs a PyPI server with uvx and ==version, or --from for another script', () => {
    expect(launchSpecOf(server({ pypi: { package: 'mcp-server-time', version: '2026.10.19' } }))).toMatchObject({
      kind: 'stdio',
      command: 'uvx',
      args: ['mcp-server-time==2026.10.19'],
    });
    expect(launchSpecOf(server({ pypi: { package: 'snowflake-labs-mcp', version: '1.4.2', bin: 'mcp-server-snowflake', args: ['--x'] } }))).toMatchObject({
      args: ['--from', 'snowflake-labs-mcp==1.4.2', 'mcp-server-snowflake', '--x'],
    });
  });

  it('runs a docker image with -i --rm and passes env by name only, never by value', () => {
    const spec = launchSpecOf(server({ docker: { image: 'ghcr.io/acme/demo:v1.0.0', args: ['stdio'] } }));
    expect(spec).toEqual({
      kind: 'stdio',
      command: 'docker',
      args: ['run', '-i', '--rm', '-e', 'DEMO_TOKEN', 'ghcr.io/acme/demo:v1.0.0', 'stdio'],
      envNames: ['DEMO_TOKEN'],
    });
  });

  it('gives a remote server its url, transport and header templates', () => {
    const spec = launchSpecOf(server({ transport: 'http', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer ${DEMO_TOKEN}' } }));
    expect(spec).toEqual({ kind: 'remote', transport: 'http', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer ${DEMO_TOKEN}' } });
  });

  it('gives every shipped server a launch spec whose templates are all declared env vars', async () => {
    const manifest = await loadManifest();
    for (const entry of manifest.servers) {
      const spec = launchSpecOf(entry);
      const texts = spec.kind === 'stdio' ? spec.args : [spec.url, ...Object.values(spec.headers)];
      const declared = new Set(entry.env.map((variable) => variable.name));
      for (const text of texts) for (const match of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) expect(declared, `${entry.name}: ${match[1]}`).toContain(match[1]);
    }
  });
});
