import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { GatewayError } from '../../src/errors/index.js';
import { MANIFEST_CATEGORIES, loadManifest, parseManifest, runMethodOf } from '../../src/manifest/index.js';

/** A valid npm entry; tests override one field at a time. */
function npmServer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'notes',
    description: 'Keeps notes.',
    category: 'memory',
    keywords: ['notes'],
    transport: 'stdio',
    npm: { package: '@acme/notes-mcp', version: '1.2.3' },
    env: [{ name: 'NOTES_TOKEN', required: true, description: 'API token.', obtain: 'https://notes.example.com/settings' }],
    homepage: 'https://example.com/notes',
    ...overrides,
  };
}

function parse(servers: unknown[]): ReturnType<typeof parseManifest> {
  return parseManifest(stringify({ version: 1, servers }), 'test-manifest.yaml');
}

function failure(servers: unknown[]): GatewayError {
  try {
    parse(servers);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('MANIFEST_INVALID');
    return error as GatewayError;
  }
  throw new Error('expected the manifest to be refused');
}

describe('the shipped manifest', () => {
  it('validates and lists at least 90 servers with unique names', async () => {
    const manifest = await loadManifest();
    expect(manifest.file).toMatch(/manifest[\\/]servers\.yaml$/);
    expect(manifest.servers.length).toBeGreaterThanOrEqual(90);
    expect(new Set(manifest.servers.map((server) => server.name.toLowerCase())).size).toBe(manifest.servers.length);
  });

  it('covers the common ground and every run method', async () => {
    const manifest = await loadManifest();
    const names = new Set(manifest.servers.map((server) => server.name));
    for (const name of ['filesystem', 'git', 'github', 'gitlab', 'slack', 'notion', 'linear', 'jira', 'sentry', 'postgres', 'sqlite', 'redis', 'mongodb', 'playwright', 'puppeteer', 'chrome-devtools', 'fetch', 'brave-search', 'tavily', 'exa', 'firecrawl', 'memory', 'time', 'sequential-thinking', 'everything', 'aws-api', 'cloudflare', 'azure', 'gcloud', 'vercel', 'netlify', 'supabase', 'stripe', 'figma', 'datadog', 'grafana', 'pagerduty']) {
      expect(names, name).toContain(name);
    }
    const methods = new Set(manifest.servers.map(runMethodOf));
    expect([...methods].sort()).toEqual(['docker', 'npm', 'pypi', 'url']);
    const categories = new Set(manifest.servers.map((server) => server.category));
    expect(categories.size).toBeGreaterThan(MANIFEST_CATEGORIES.length / 2);
  });

  it('says for every environment variable where to obtain it', async () => {
    const manifest = await loadManifest();
    for (const server of manifest.servers) for (const variable of server.env) expect(variable.obtain.length, `${server.name} ${variable.name}`).toBeGreaterThan(5);
  });
});

describe('manifest validation', () => {
  it('accepts a minimal valid entry and defaults secret to true', () => {
    const [server] = parse([npmServer()]).servers;
    expect(server?.env[0]?.secret).toBe(true);
  });

  it('refuses a duplicate name, naming the server and the field', () => {
    const error = failure([npmServer(), npmServer({ name: 'Notes' })]);
    expect(error.message).toContain('server "Notes", field name');
    expect(error.message).toContain('duplicates the name of servers[0]');
  });

  it.each(['../x', 'a;rm -rf /', '-leading-dash', 'a'.repeat(64), ''])('refuses the server name %j before anything runs', (name) => {
    const error = failure([npmServer({ name })]);
    expect(error.message).toMatch(/field name/);
    expect(error.message).toContain('must match');
  });

  it.each(['Bad Package', '../evil', '@scope/', 'UPPER', 'a;rm -rf /'])('refuses the npm package name %j, naming server and field', (name) => {
    const error = failure([npmServer({ npm: { package: name, version: '1.0.0' } })]);
    expect(error.message).toContain('server "notes", field npm.package');
  });

  it.each(['^1.2.0', '~1.2.0', '>=1.0.0', 'latest', 'v1.2.3', '1.2', '01.2.3', '1.2.3 || 2.0.0'])('refuses the npm version %j: only exact versions', (version) => {
    const error = failure([npmServer({ npm: { package: 'notes-mcp', version } })]);
    expect(error.message).toContain('server "notes", field npm.version');
    expect(error.message).toContain('exact version');
  });

  it('accepts exact prerelease versions and scoped names', () => {
    expect(() => parse([npmServer({ npm: { package: '@auth0/auth0-mcp-server', version: '0.1.0-beta.19' } })])).not.toThrow();
  });

  it('refuses an env var without instructions to obtain it', () => {
    const error = failure([npmServer({ env: [{ name: 'NOTES_TOKEN', required: true, description: 'API token.' }] })]);
    expect(error.message).toContain('server "notes", field env[0].obtain');
  });

  it('refuses an env var with an empty obtain or a malformed name', () => {
    expect(failure([npmServer({ env: [{ name: 'NOTES_TOKEN', required: true, description: 'x', obtain: '  ' }] })]).message).toContain('env[0].obtain');
    expect(failure([npmServer({ env: [{ name: 'NOTES-TOKEN', required: true, description: 'x', obtain: 'here' }] })]).message).toContain('env[0].name');
  });

  it('refuses PyPI names and versions outside the PEP 508 / PEP 440 grammar', () => {
    const base = { npm: undefined, transport: 'stdio' };
    expect(failure([npmServer({ ...base, pypi: { package: 'mcp server', version: '1.0.0' } })]).message).toContain('field pypi.package');
    expect(failure([npmServer({ ...base, pypi: { package: 'mcp-server-time', version: '>=1.0' } })]).message).toContain('field pypi.version');
    expect(() => parse([npmServer({ ...base, pypi: { package: 'awslabs.aws-api-mcp-server', version: '0.0.1a8' } })])).not.toThrow();
  });

  it('refuses a docker image that is not pinned', () => {
    for (const image of ['ghcr.io/acme/notes', 'acme/notes:latest', 'acme/notes:1.0;rm']) {
      expect(failure([npmServer({ npm: undefined, docker: { image } })]).message).toContain('field docker.image');
    }
    expect(() => parse([npmServer({ npm: undefined, docker: { image: 'ghcr.io/acme/notes:v1.5.0' } })])).not.toThrow();
  });

  it('needs exactly one run method and a transport that fits it', () => {
    expect(failure([npmServer({ docker: { image: 'acme/notes:1.0.0' } })]).message).toContain('exactly one of npm, pypi, docker or url');
    expect(failure([npmServer({ npm: undefined })]).message).toContain('received none');
    expect(failure([npmServer({ npm: undefined, url: 'https://mcp.example.com/mcp' })]).message).toContain('field transport');
    expect(failure([npmServer({ transport: 'http' })]).message).toContain('must be "stdio"');
  });

  it('refuses a ${VAR} template that no env entry declares', () => {
    const error = failure([npmServer({ npm: { package: 'notes-mcp', version: '1.0.0', args: ['--key', '${OTHER_KEY}'] } })]);
    expect(error.message).toContain('field npm.args[1]');
    expect(error.message).toContain('${OTHER_KEY}');
  });

  it('refuses unknown keys, unknown categories and multi-line descriptions', () => {
    expect(failure([npmServer({ colour: 'blue' })]).message).toContain('unknown key "colour"');
    expect(failure([npmServer({ category: 'misc' })]).message).toContain('field category');
    expect(failure([npmServer({ description: 'one\ntwo' })]).message).toContain('single line');
  });

  it('reports the YAML line of a bad field and the line of a syntax error', () => {
    const text = `version: 1\nservers:\n  - name: notes\n    description: x\n    category: nope\n`;
    expect(() => parseManifest(text, 'm.yaml')).toThrow(/field category \(line 5\)/);
    expect(() => parseManifest('version: 1\nservers: [\n', 'm.yaml')).toThrow(/not valid YAML at line/);
  });

  it('names a missing manifest file as MANIFEST_INVALID', async () => {
    await expect(loadManifest('/nonexistent/servers.yaml')).rejects.toMatchObject({ code: 'MANIFEST_INVALID' });
  });
});
