// A client of the MCP Registry API (`GET /v0/servers?search=`): bounded in time and size, its answer checked by zod.
import { z } from 'zod';
import { formatFieldPath, GatewayError } from '../errors/index.js';
import { DEFAULT_REGISTRY_URL } from '../settings/setting-defaults.js';
import { readCapped } from './read-capped.js';

export { DEFAULT_REGISTRY_URL } from '../settings/setting-defaults.js';
export const REGISTRY_TIMEOUT_MS = 10_000;
export const MAX_REGISTRY_RESPONSE_BYTES = 2 * 1024 * 1024;
export const MAX_REGISTRY_LIMIT = 30;

const variableSchema = z.looseObject({
  name: z.string().max(200),
  description: z.string().max(2000).optional(),
  isRequired: z.boolean().optional(),
  isSecret: z.boolean().optional(),
  value: z.string().max(2000).optional(),
});

const packageSchema = z.looseObject({
  registryType: z.string().max(50),
  identifier: z.string().max(300),
  version: z.string().max(100).optional(),
  transport: z.looseObject({ type: z.string().max(50) }).optional(),
  environmentVariables: z.array(variableSchema).max(100).optional(),
});

const remoteSchema = z.looseObject({
  type: z.string().max(50),
  url: z.string().max(2000),
  headers: z.array(variableSchema).max(50).optional(),
});

export const registryServerSchema = z.looseObject({
  name: z.string().min(1).max(300),
  description: z.string().max(5000).optional(),
  version: z.string().max(100).optional(),
  repository: z.looseObject({ url: z.string().max(2000).optional() }).optional(),
  websiteUrl: z.string().max(2000).optional(),
  packages: z.array(packageSchema).max(50).optional(),
  remotes: z.array(remoteSchema).max(50).optional(),
});

/** Newer registries wrap each server as `{ server, _meta }`; older ones list servers flat. Both are read. */
const replySchema = z.looseObject({
  servers: z.array(z.union([z.looseObject({ server: registryServerSchema }), registryServerSchema])).max(1000),
});

export type RegistryServer = z.infer<typeof registryServerSchema>;

export interface RegistrySearchOptions {
  /** TOOLGATE_REGISTRY_URL, default the official registry. */
  baseUrl?: string;
  query: string;
  limit: number;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** The `registryUrl` setting without trailing slashes. */
export function registryBaseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

export async function searchRegistry(options: RegistrySearchOptions): Promise<RegistryServer[]> {
  const base = (options.baseUrl ?? DEFAULT_REGISTRY_URL).replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(`${base}/v0/servers`);
  } catch {
    throw new GatewayError(
      'REGISTRY_UNAVAILABLE',
      `TOOLGATE_REGISTRY_URL must be an http(s) URL; received ${JSON.stringify(base.slice(0, 100))}.`,
      { hint: `Unset it to use ${DEFAULT_REGISTRY_URL}.` },
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new GatewayError(
      'REGISTRY_UNAVAILABLE',
      `TOOLGATE_REGISTRY_URL must be an http(s) URL; received the protocol "${url.protocol}".`,
      { hint: `Unset it to use ${DEFAULT_REGISTRY_URL}.` },
    );
  }
  url.searchParams.set('search', options.query);
  url.searchParams.set('limit', String(Math.min(options.limit, MAX_REGISTRY_LIMIT)));
  const timeoutMs = options.timeoutMs ?? REGISTRY_TIMEOUT_MS;
  const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
  let text: string;
  try {
    const response = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.any(signals),
      redirect: 'follow',
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new GatewayError('REGISTRY_UNAVAILABLE', `The MCP Registry at ${base} answered HTTP ${response.status}.`, {
        hint: 'Try again later, or check TOOLGATE_REGISTRY_URL.',
      });
    }
    text = await readCapped(response, MAX_REGISTRY_RESPONSE_BYTES, `The MCP Registry at ${base}`);
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new GatewayError(
      'REGISTRY_UNAVAILABLE',
      timedOut
        ? `The MCP Registry at ${base} did not answer within ${timeoutMs} ms.`
        : `The MCP Registry at ${base} could not be reached (${(error as Error).message}).`,
      {
        hint: 'Check the network or TOOLGATE_REGISTRY_URL; configured and manifest servers still work.',
        cause: error,
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new GatewayError(
      'REGISTRY_UNAVAILABLE',
      `The MCP Registry at ${base} answered with something that is not JSON.`,
      { hint: 'Check TOOLGATE_REGISTRY_URL.', cause: error },
    );
  }
  const parsed = replySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GatewayError(
      'REGISTRY_UNAVAILABLE',
      `The MCP Registry at ${base} answered in an unexpected shape (${issue ? `${formatFieldPath(issue.path)}: ${issue.message}` : 'unknown'}).`,
      {
        hint: 'Check TOOLGATE_REGISTRY_URL points at an MCP Registry (v0 API).',
      },
    );
  }
  return parsed.data.servers.map((entry) => ('server' in entry ? entry.server : entry) as RegistryServer);
}
