// The user's network settings (trusted certificates, proxies, package indexes) that every child toolgate starts needs.

/**
 * Where a program finds extra trusted certificates. Behind a TLS-inspecting proxy, a child without them fails
 * every HTTPS request (an `npx -y` server cannot even download itself).
 */
const CERTIFICATE_NAMES = [
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'REQUESTS_CA_BUNDLE',
  'CURL_CA_BUNDLE',
  'GIT_SSL_CAINFO',
  'PIP_CERT',
];

/** Proxy settings; programs read either case, so both are passed as the user wrote them. */
const PROXY_NAMES = ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'ALL_PROXY', 'FTP_PROXY'];

/**
 * Which registry and index a launcher (`npx`, `uvx`, `pipx`) installs from, and how it checks TLS there:
 * a server launched through one of them installs itself at its first start.
 */
const PACKAGE_INDEX_NAMES = [
  'NPM_CONFIG_REGISTRY',
  'NPM_CONFIG_CAFILE',
  'NPM_CONFIG_STRICT_SSL',
  'NPM_CONFIG_PROXY',
  'NPM_CONFIG_HTTPS_PROXY',
  'NPM_CONFIG_NOPROXY',
  'UV_INDEX_URL',
  'UV_DEFAULT_INDEX',
  'UV_EXTRA_INDEX_URL',
  'UV_NATIVE_TLS',
  'PIP_INDEX_URL',
  'PIP_EXTRA_INDEX_URL',
];

const NETWORK_NAMES = new Set([...CERTIFICATE_NAMES, ...PROXY_NAMES, ...PACKAGE_INDEX_NAMES]);

/** Whether a variable is one of the network settings above (in upper or lower case, as programs accept both). */
export function isNetworkVariable(name: string): boolean {
  return NETWORK_NAMES.has(name.toUpperCase());
}

/**
 * The network settings of `env` (the user's own environment), for a child's otherwise stripped environment.
 * Only names from the lists above pass, so loader variables (NODE_OPTIONS, LD_PRELOAD, ...) stay out; the
 * secret store's deny list (secrets/secret-names.ts) is a different rule and still refuses these names there.
 */
export function networkEnv(env: Record<string, string | undefined>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [name, value] of Object.entries(env))
    if (value !== undefined && value !== '' && isNetworkVariable(name)) picked[name] = value;
  return picked;
}
