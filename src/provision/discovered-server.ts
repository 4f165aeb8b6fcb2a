// Turns one MCP Registry entry into a provisionable server (the manifest's shape), or says why it cannot be.
import { formatFieldPath, GatewayError } from '../errors/index.js';
import { manifestServerSchema, type ManifestServer } from '../manifest/index.js';
import type { RegistryServer } from './registry-client.js';

/** `io.github.someone/weather-server` → `weather-server`, made to fit the server-name rule. */
export function localNameOf(registryName: string): string {
  const last = registryName.split('/').pop() ?? registryName;
  const cleaned = last.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return (cleaned || 'server').slice(0, 63);
}

/** One short line: what a search card shows of how the server runs. */
export function runSummaryOf(server: RegistryServer): string {
  const pkg = server.packages?.find((candidate) => ['npm', 'pypi', 'oci'].includes(candidate.registryType));
  if (pkg) return `${pkg.registryType}:${pkg.identifier}${pkg.version ? `@${pkg.version}` : ''}`;
  const remote = server.remotes?.[0];
  return remote ? `remote:${remote.url}` : 'unknown';
}

export function toManifestServer(entry: RegistryServer, name: string, registryUrl: string): ManifestServer {
  const homepage =
    [entry.repository?.url, entry.websiteUrl].find((url) => url !== undefined && /^https?:\/\//.test(url)) ??
    `${registryUrl}/v0/servers?search=${encodeURIComponent(entry.name)}`;
  const obtain = `See ${homepage}`;
  const description = (entry.description ?? entry.name).replace(/\s+/g, ' ').trim().slice(0, 200);
  const keywords = [...new Set(entry.name.split(/[^A-Za-z0-9]+/).filter((word) => word.length > 1))].slice(0, 10);
  const base = { name, description, category: 'devtools', keywords: keywords.length ? keywords : [name], homepage };
  const pkg = entry.packages?.find(
    (candidate) =>
      ['npm', 'pypi', 'oci'].includes(candidate.registryType) && (candidate.transport?.type ?? 'stdio') === 'stdio',
  );
  let raw: Record<string, unknown>;
  if (pkg) {
    const env = (pkg.environmentVariables ?? []).map((variable) => ({
      name: variable.name,
      required: variable.isRequired ?? false,
      description: (variable.description ?? variable.name).replace(/\s+/g, ' ').slice(0, 300) || variable.name,
      obtain,
      secret: variable.isSecret ?? true,
    }));
    const version = pkg.version ?? entry.version;
    const run =
      pkg.registryType === 'npm'
        ? { npm: { package: pkg.identifier, version } }
        : pkg.registryType === 'pypi'
          ? { pypi: { package: pkg.identifier, version } }
          : {
              docker: {
                image:
                  pkg.identifier.includes(':') || pkg.identifier.includes('@') || !version
                    ? pkg.identifier
                    : `${pkg.identifier}:${version}`,
              },
            };
    raw = { ...base, transport: 'stdio', ...run, env };
  } else {
    const remote = entry.remotes?.find((candidate) => ['streamable-http', 'http', 'sse'].includes(candidate.type));
    if (!remote) throw unusable(entry, 'it has neither an npm, PyPI or OCI package run over stdio nor a remote URL');
    const env: Record<string, unknown>[] = [];
    const headers: Record<string, string> = {};
    for (const header of remote.headers ?? []) {
      // The registry writes placeholders as `{name}`; toolgate fills `${NAME}` from stored credentials or the environment.
      const variable = header.name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
      headers[header.name] = header.value ? header.value.replace(/\{[^}]*\}/g, `\${${variable}}`) : `\${${variable}}`;
      env.push({
        name: variable,
        required: header.isRequired ?? false,
        description: (header.description ?? header.name).slice(0, 300) || header.name,
        obtain,
        secret: header.isSecret ?? true,
      });
    }
    raw = {
      ...base,
      transport: remote.type === 'sse' ? 'sse' : 'http',
      url: remote.url,
      ...(Object.keys(headers).length ? { headers } : {}),
      env,
    };
  }
  const parsed = manifestServerSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw unusable(
      entry,
      `${issue ? `${formatFieldPath(issue.path) || 'entry'} ${issue.message}` : 'it does not fit the manifest format'}`,
    );
  }
  return parsed.data;
}

function unusable(entry: RegistryServer, why: string): GatewayError {
  return new GatewayError(
    'INVALID_ARGUMENTS',
    `The registry entry "${entry.name.slice(0, 100)}" cannot be provisioned: ${why}.`,
    {
      hint: 'Pick another result of gateway_search_registry, or configure the server by hand in ~/.toolgate/servers.json.',
    },
  );
}
