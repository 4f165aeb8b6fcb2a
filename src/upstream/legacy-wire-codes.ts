// Keeps toolgate's 2025-11-25 wire codes where the v2 SDK re-codes them: a missing resource stays -32002 for a legacy client.
import type { JSONRPCMessage, Server, Transport } from '@modelcontextprotocol/server';
import { isResourceNotFoundData, JSON_RPC_CODES } from '../errors/index.js';

/** The first protocol revision whose missing resource is -32602; every earlier one uses -32002. */
const FIRST_MODERN_REVISION = '2026-07-28';

/**
 * Wraps the transport `server` connects to, so that an error response toolgate built as RESOURCE_NOT_FOUND
 * leaves with -32002 on a session that negotiated a revision before 2026-07-28 (the SDK sent it as -32602).
 */
export function keepLegacyWireCodes(server: Server): void {
  const connect = server.connect.bind(server);
  server.connect = (transport: Transport, ...rest) => {
    const send = transport.send.bind(transport);
    transport.send = (message, ...options) => send(restored(message, server), ...options);
    return connect(transport, ...rest);
  };
}

function restored(message: JSONRPCMessage, server: Server): JSONRPCMessage {
  if (!('error' in message) || message.error.code !== JSON_RPC_CODES.INVALID_PARAMS) return message;
  if (!isResourceNotFoundData(message.error.data)) return message;
  // Revisions are dates, so they compare as strings; before initialize there is no revision, and no resource read.
  const revision = server.getNegotiatedProtocolVersion();
  if (revision !== undefined && revision >= FIRST_MODERN_REVISION) return message;
  return { ...message, error: { ...message.error, code: JSON_RPC_CODES.RESOURCE_NOT_FOUND } };
}
