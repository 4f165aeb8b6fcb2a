// Caps what an upstream client says about itself at initialize, before anything keeps it.
import type { JSONRPCMessage } from '@modelcontextprotocol/server';

/** `clientInfo.name` and `title` are cut to this many characters (they show in status, health, logs and the audit log). */
export const MAX_CLIENT_NAME_CHARS = 128;
/** `clientInfo.version` is cut to this many characters. */
export const MAX_CLIENT_VERSION_CHARS = 64;
/** `capabilities` serialized past this many characters keep only their standard members, each one under it. */
export const MAX_CLIENT_CAPABILITIES_CHARS = 16 * 1024;

const STANDARD_CAPABILITIES = ['roots', 'sampling', 'elicitation', 'tasks', 'extensions'];

/**
 * The message with its client-supplied strings capped when it is an `initialize` request; any other
 * message (or batch member) is returned as it is. The SDK keeps clientInfo for the session's life and
 * toolgate shows it in status, health and the audit log, so nothing long may get that far.
 */
export function capClientInfo<T>(message: T): T {
  if (Array.isArray(message)) return message.map((member: unknown) => capClientInfo(member)) as T;
  if (!isInitialize(message)) return message;
  const params = message.params as Record<string, unknown>;
  const info = isRecord(params.clientInfo) ? params.clientInfo : {};
  const clientInfo: Record<string, unknown> = {
    name: cap(info.name, MAX_CLIENT_NAME_CHARS) ?? '',
    version: cap(info.version, MAX_CLIENT_VERSION_CHARS) ?? '',
  };
  const title = cap(info.title, MAX_CLIENT_NAME_CHARS);
  if (title !== undefined) clientInfo.title = title;
  return { ...message, params: { ...params, clientInfo, capabilities: capCapabilities(params.capabilities) } } as T;
}

function capCapabilities(capabilities: unknown): unknown {
  if (!isRecord(capabilities) || sizeOf(capabilities) <= MAX_CLIENT_CAPABILITIES_CHARS) return capabilities;
  return Object.fromEntries(
    STANDARD_CAPABILITIES.flatMap((key) =>
      capabilities[key] === undefined
        ? []
        : [[key, sizeOf(capabilities[key]) <= MAX_CLIENT_CAPABILITIES_CHARS ? capabilities[key] : {}]],
    ),
  );
}

function cap(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.length <= max ? value : value.slice(0, max);
}

function sizeOf(value: unknown): number {
  return JSON.stringify(value)?.length ?? 0;
}

function isInitialize(message: unknown): message is JSONRPCMessage & { params: unknown } {
  return isRecord(message) && message.method === 'initialize' && isRecord(message.params);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
