// Which environment names may be stored as a server's secret and reach its process: the one rule for auth_connect, `secrets set`, spawns and doctor.
import { GatewayError } from '../errors/index.js';
import { isSecretKey } from '../redaction/index.js';
import { SECRET_NAME_PATTERN } from './secrets-file-codec.js';

/**
 * Variables that make a program load or run other code, or change where it finds programs and files:
 * a value here is code execution, whatever the server is. Never stored, never passed from the store.
 */
const DENIED_NAMES = new Set([
  'NODE_OPTIONS',
  'NODE_PATH',
  'NODE_EXTRA_CA_CERTS',
  'NODE_REPL_EXTERNAL_MODULE',
  'NODE_TLS_REJECT_UNAUTHORIZED',
  'PATH',
  'HOME',
  'SHELL',
  'ENV',
  'BASH_ENV',
  'ZDOTDIR',
  'IFS',
  'PS4',
  'PROMPT_COMMAND',
  'CDPATH',
  'TMPDIR',
  'EDITOR',
  'VISUAL',
  'PAGER',
  'PYTHONPATH',
  'PYTHONSTARTUP',
  'PYTHONHOME',
  'PYTHONINSPECT',
  'PYTHONUSERBASE',
  'PYTHONBREAKPOINT',
  'PYTHONWARNINGS',
  'PYTHONEXECUTABLE',
  'PERL5LIB',
  'PERL5OPT',
  'PERLLIB',
  'PERL5DB',
  'RUBYOPT',
  'RUBYLIB',
  'GEM_HOME',
  'GEM_PATH',
  'BUNDLE_GEMFILE',
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'JDK_JAVA_OPTIONS',
  'JAVA_OPTIONS',
  'CLASSPATH',
  'DENO_DIR',
  'BUN_INSTALL',
  'UV_PYTHON',
  'VIRTUAL_ENV',
  'CONDA_PREFIX',
  'PIP_INDEX_URL',
  'PIP_EXTRA_INDEX_URL',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'REQUESTS_CA_BUNDLE',
  'CURL_CA_BUNDLE',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'ALL_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'all_proxy',
  'no_proxy',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'XDG_CACHE_HOME',
  'XDG_RUNTIME_DIR',
  'XDG_CONFIG_DIRS',
  'XDG_DATA_DIRS',
  'TOOLGATE_HOME',
  'TOOLGATE_CONFIG',
  'TOOLGATE_POLICY',
  // Other runtimes' start-up code and package sources: PHP's ini (auto_prepend_file), Electron as Node, R's profiles,
  // Julia, Tcl and Go (GOFLAGS=-toolexec, a toolchain or proxy of someone else's).
  'PHPRC',
  'PHP_INI_SCAN_DIR',
  'ELECTRON_RUN_AS_NODE',
  'R_PROFILE',
  'R_PROFILE_USER',
  'R_ENVIRON',
  'R_ENVIRON_USER',
  'R_LIBS',
  'R_LIBS_USER',
  'JULIA_LOAD_PATH',
  'JULIA_DEPOT_PATH',
  'TCLLIBPATH',
  'GOFLAGS',
  'GOPROXY',
  'GOTOOLCHAIN',
  'GOENV',
  'GOPATH',
  'GOROOT',
  'GONOSUMDB',
  'GOSUMDB',
  'GOINSECURE',
]);

/**
 * Whole families: the dynamic loader, git's hooks and config, npm's and yarn's settings, toolgate's own. A
 * name of a family that ends in a credential word is a credential of some service (LaunchDarkly's
 * LD_API_KEY): no loader reads a name ending so.
 */
const DENIED_PREFIXES =
  /^(LD_|DYLD_|GIT_|NPM_CONFIG_|YARN_|PNPM_|COMPOSER_|CARGO_|RUSTUP_|GCONV_|MALLOC_|GLIBC_|LUA_|TOOLGATE_|PYTHON|PIP_|UV_|DOTNET_|CORECLR_|COMPLUS_|ERL_|JULIA_)/i;
const ENDS_IN_CREDENTIAL_WORD = /(^|_)(TOKEN|KEY|SECRET|PASSWORD)$/i;

/**
 * Names the secret-key rule takes (redaction/secret-key.ts; it already leaves out places such as …_FILE, …_PATH,
 * …_SOCK) that still name something a user configures rather than a credential: an address or an identifier.
 */
const NOT_A_CREDENTIAL = /_(URL|ENDPOINT|ID)$/i;

export type SecretNameKind = 'invalid' | 'denied' | 'credential' | 'setting';

export function classifySecretName(name: string): SecretNameKind {
  if (!SECRET_NAME_PATTERN.test(name)) return 'invalid';
  if (DENIED_NAMES.has(name) || DENIED_NAMES.has(name.toUpperCase())) return 'denied';
  if (DENIED_PREFIXES.test(name) && !ENDS_IN_CREDENTIAL_WORD.test(name)) return 'denied';
  // Stricter than redaction: a credential by the one secret-key rule (`API_KEY`, `GITHUB_TOKEN`, `MYSQL_PASS`,
  // `TWILIO_ACCOUNT_SID`), and not an address or an identifier.
  return isSecretKey(name) && !NOT_A_CREDENTIAL.test(name) ? 'credential' : 'setting';
}

export function isDeniedSecretName(name: string): boolean {
  const kind = classifySecretName(name);
  return kind === 'denied' || kind === 'invalid';
}

/** The variables of one server's stored secrets that may reach its process; the rest are reported by name. */
export function withoutDeniedNames(
  vars: Readonly<Record<string, string>>,
  onDropped: (names: string[]) => void,
): Record<string, string> {
  const kept: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(vars)) {
    if (isDeniedSecretName(name)) dropped.push(name);
    else kept[name] = value;
  }
  if (dropped.length > 0) onDropped(dropped);
  return kept;
}

/** For a name the user types (`toolgate secrets set`): a valid name that is not a loader or interpreter variable. */
export function assertStorableName(name: string): void {
  const kind = classifySecretName(name);
  if (kind === 'invalid') {
    throw new GatewayError(
      'USAGE',
      `A secret name must be an environment variable name (letters, digits and _, not starting with a digit); received ${JSON.stringify(name.slice(0, 80))}.`,
      {
        hint: 'Use the variable name the server reads, for example GITHUB_TOKEN.',
      },
    );
  }
  if (kind === 'denied') throw deniedName(name, 'USAGE');
}

export interface DeclaredVariables {
  /** Variables the server's config entry or manifest entry names (`${VAR}` references, env keys, manifest env). */
  names: ReadonlySet<string>;
  /** Names the manifest entry marks `secret: true`: credentials whatever their name says. */
  secret: ReadonlySet<string>;
}

/**
 * For a name a model sends (auth_connect): a credential (by name, or marked secret by the manifest) that the
 * server's entry declares. A setting the entry declares (a folder, a URL) is the user's to choose.
 */
export function assertCredentialFor(server: string, name: string, declared: DeclaredVariables): void {
  const kind = classifySecretName(name);
  if (kind === 'invalid') {
    throw new GatewayError(
      'INVALID_ARGUMENTS',
      `Expected an environment variable name (letters, digits and _, not starting with a digit), received ${JSON.stringify(name.slice(0, 80))}; nothing was stored.`,
      {
        hint: 'Use the variable name the server reads, for example GITHUB_TOKEN.',
      },
    );
  }
  if (kind === 'denied') throw deniedName(name, 'INVALID_ARGUMENTS');
  const credentials = [...declared.names]
    .filter((declaredName) => declared.secret.has(declaredName) || classifySecretName(declaredName) === 'credential')
    .sort();
  if (!declared.names.has(name)) {
    throw new GatewayError(
      'INVALID_ARGUMENTS',
      `Server "${server}" does not declare ${name}: expected one of the credentials its entry names (${credentials.join(', ') || 'none'}); nothing was stored.`,
      {
        hint: credentials.length
          ? `Store one of ${credentials.join(', ')}.`
          : `Server "${server}" reads no credential; ask the user to add a \${VAR} to its entry first.`,
        details: { server, declared_credentials: credentials },
      },
    );
  }
  if (kind === 'setting' && !declared.secret.has(name)) {
    throw new GatewayError(
      'INVALID_ARGUMENTS',
      `${name} is a setting of server "${server}", not a credential (expected a name such as *_TOKEN, *_KEY, *_SECRET or *_PASSWORD); a model may not choose it, and nothing was stored.`,
      {
        hint: `Ask the user to run \`toolgate secrets set ${server} ${name}\` or to set ${name} in toolgate's environment.`,
        details: { server, name },
      },
    );
  }
}

function deniedName(name: string, code: 'USAGE' | 'INVALID_ARGUMENTS'): GatewayError {
  return new GatewayError(
    code,
    `${name} is a loader or interpreter variable (it makes a program run other code), not a credential; it is never stored or passed to a server, and nothing was stored.`,
    {
      hint: 'Store the credential the server reads instead, for example GITHUB_TOKEN; set anything else in the server entry of your config file.',
      details: { name },
    },
  );
}
