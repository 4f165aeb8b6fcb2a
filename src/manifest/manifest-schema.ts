// The zod schema of manifest/servers.yaml: the servers toolgate knows how to provision, and how to run each.
import { z } from 'zod';
import { isExactPep440, isExactSemver, isNpmPackageName, isPinnedDockerImage, isPypiPackageName } from './package-grammar.js';

/** The same rule as configured server names (SPEC), so a manifest name is always a valid config key. */
export const MANIFEST_SERVER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** Environment variable names as POSIX shells accept them. */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `${VAR}` in args, url and headers; filled from the server's env when it is provisioned. */
export const TEMPLATE_PATTERN = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export const MANIFEST_CATEGORIES = [
  'files', 'vcs', 'issues', 'chat', 'docs', 'knowledge', 'database', 'browser', 'web', 'search', 'memory',
  'reasoning', 'time', 'cloud', 'payments', 'design', 'monitoring', 'ai', 'devtools', 'productivity', 'crm',
  'commerce', 'maps', 'media', 'testing', 'security', 'analytics',
] as const;

export const MANIFEST_TRANSPORTS = ['stdio', 'http', 'sse'] as const;

/** Short single-line prose: descriptions and keywords are indexed for search and shown to models. */
const oneLine = (max: number) =>
  z.string().trim().min(1).max(max).refine((text) => !/[\r\n]/.test(text), 'must be a single line');

const argsSchema = z.array(z.string().max(1000)).max(50);

const npmRunSchema = z.strictObject({
  package: z.string().refine(isNpmPackageName, 'must be an npm package name (lower case, optionally @scope/name)'),
  version: z.string().refine(isExactSemver, 'must be one exact version such as 1.2.3 (no range, tag or "v")'),
  /** The bin to run when the package ships several or its bin is not named after the package. */
  bin: z.string().regex(/^[A-Za-z0-9@][A-Za-z0-9._@/-]*$/, 'must be a plain command name').optional(),
  args: argsSchema.optional(),
  /** True only for a package that cannot work without its lifecycle scripts (postinstall); installs otherwise run with --ignore-scripts. */
  install_scripts: z.boolean().optional(),
});

const pypiRunSchema = z.strictObject({
  package: z.string().refine(isPypiPackageName, 'must be a PyPI project name (letters, digits, ".", "_", "-")'),
  version: z.string().refine(isExactPep440, 'must be one exact version such as 1.2.3 (no range or specifier)'),
  /** The console script to run when it is not named after the project (`uvx --from`). */
  bin: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a plain command name').optional(),
  args: argsSchema.optional(),
});

const dockerRunSchema = z.strictObject({
  image: z.string().refine(isPinnedDockerImage, 'must be an image pinned by tag or digest, e.g. org/name:1.2.3 (not latest)'),
  args: argsSchema.optional(),
});

export const envVarSchema = z.strictObject({
  name: z.string().regex(ENV_NAME_PATTERN, 'must be an environment variable name (letters, digits, "_")'),
  required: z.boolean(),
  description: oneLine(300),
  /** Where a user gets the value: a URL to the settings page, or steps. Mandatory, so no credential is a riddle. */
  obtain: oneLine(400),
  /** False for values that are not credentials (a path, a region); secrets are stored 0600 and never logged. */
  secret: z.boolean().default(true),
  /** A harmless placeholder of the right shape (never a real secret): shown in docs, used when capturing snapshots. */
  example: oneLine(300).optional(),
});

const urlSchema = z.url({ protocol: /^https?$/ });

export const manifestServerSchema = z
  .strictObject({
    name: z.string().regex(MANIFEST_SERVER_NAME_PATTERN, `must match ${MANIFEST_SERVER_NAME_PATTERN.source}`),
    description: oneLine(200),
    category: z.enum(MANIFEST_CATEGORIES),
    keywords: z.array(oneLine(40)).min(1).max(20),
    transport: z.enum(MANIFEST_TRANSPORTS),
    npm: npmRunSchema.optional(),
    pypi: pypiRunSchema.optional(),
    docker: dockerRunSchema.optional(),
    url: z.string().refine((value) => urlSchema.safeParse(value.replace(TEMPLATE_PATTERN, 'x')).success, 'must be an http(s) URL').optional(),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'must be an HTTP header name'), z.string().max(1000)).optional(),
    env: z.array(envVarSchema).default([]),
    homepage: urlSchema,
  })
  .superRefine((server, context) => {
    const methods = (['npm', 'pypi', 'docker', 'url'] as const).filter((key) => server[key] !== undefined);
    if (methods.length !== 1) {
      context.addIssue({
        code: 'custom',
        path: methods.length === 0 ? [] : [methods[1]!],
        message: `must have exactly one of npm, pypi, docker or url; received ${methods.length === 0 ? 'none' : methods.join(' and ')}`,
      });
      return;
    }
    const remote = methods[0] === 'url';
    if (remote === (server.transport === 'stdio')) {
      context.addIssue({
        code: 'custom',
        path: ['transport'],
        message: remote ? 'must be "http" or "sse" for a remote url server' : `must be "stdio" for an ${methods[0]} server`,
      });
    }
    if (server.headers !== undefined && !remote) context.addIssue({ code: 'custom', path: ['headers'], message: 'is only allowed with url' });
    checkEnv(server, context);
  });

function checkEnv(server: { env: { name: string }[] } & TemplateFields, context: z.RefinementCtx): void {
  const declared = new Set<string>();
  for (const [index, variable] of server.env.entries()) {
    if (declared.has(variable.name)) context.addIssue({ code: 'custom', path: ['env', index, 'name'], message: `declares ${variable.name} twice` });
    declared.add(variable.name);
  }
  for (const { path, text } of templateFields(server)) {
    for (const match of text.matchAll(TEMPLATE_PATTERN)) {
      if (!declared.has(match[1]!)) context.addIssue({ code: 'custom', path, message: `uses \${${match[1]}}, which is not declared in env` });
    }
  }
}

interface TemplateFields {
  npm?: { args?: string[] | undefined } | undefined;
  pypi?: { args?: string[] | undefined } | undefined;
  docker?: { args?: string[] | undefined } | undefined;
  url?: string | undefined;
  headers?: Record<string, string> | undefined;
}

/** Every string in which `${VAR}` templates may appear, with its path for error messages. */
function templateFields(server: TemplateFields): { path: (string | number)[]; text: string }[] {
  const fields: { path: (string | number)[]; text: string }[] = [];
  for (const method of ['npm', 'pypi', 'docker'] as const) {
    for (const [index, arg] of (server[method]?.args ?? []).entries()) fields.push({ path: [method, 'args', index], text: arg });
  }
  if (server.url !== undefined) fields.push({ path: ['url'], text: server.url });
  for (const [key, value] of Object.entries(server.headers ?? {})) fields.push({ path: ['headers', key], text: value });
  return fields;
}

export const manifestDocumentSchema = z
  .strictObject({
    version: z.literal(1),
    servers: z.array(manifestServerSchema).min(1),
  })
  .superRefine((document, context) => {
    const seen = new Map<string, number>();
    for (const [index, server] of document.servers.entries()) {
      const first = seen.get(server.name.toLowerCase());
      if (first !== undefined) {
        context.addIssue({ code: 'custom', path: ['servers', index, 'name'], message: `duplicates the name of servers[${first}] (names are compared case-insensitively)` });
      } else seen.set(server.name.toLowerCase(), index);
    }
  });

export type ManifestCategory = (typeof MANIFEST_CATEGORIES)[number];
export type ManifestTransport = (typeof MANIFEST_TRANSPORTS)[number];
export type ManifestEnvVar = z.infer<typeof envVarSchema>;
export type ManifestServer = z.infer<typeof manifestServerSchema>;
export type ManifestDocument = z.infer<typeof manifestDocumentSchema>;
export type RunMethod = 'npm' | 'pypi' | 'docker' | 'url';

/** Which of the four run methods a validated server uses. */
export function runMethodOf(server: ManifestServer): RunMethod {
  if (server.npm) return 'npm';
  if (server.pypi) return 'pypi';
  if (server.docker) return 'docker';
  return 'url';
}
