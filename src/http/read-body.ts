// Reads a JSON request body with a size cap, so one client cannot make the service buffer without bound.
import { JSON_RPC_CODES } from '../errors/index.js';
import type { IncomingMessage } from 'node:http';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { admitMessage } from '../wire/deep-messages.js';

export { DEFAULT_MAX_BODY_BYTES } from '../settings/setting-defaults.js';

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
    /** The JSON-RPC error to answer with, when it is not the status's default; and the id it answers. */
    readonly rpc?: { code: number; id: string | number | null },
  ) {
    super(message);
  }
}

export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    request.resume();
    throw tooLarge(maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      request.resume();
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BodyError(400, 'The request body is not valid JSON: send one JSON-RPC message or a batch.');
  }
  return Array.isArray(body) ? body.map(admitDepth) : admitDepth(body);
}

/** The HTTP face's depth check (see admitMessage): a message past MAX_JSON_DEPTH is cut, replaced or refused here, before the SDK walks it. */
function admitDepth(message: unknown): unknown {
  if (typeof message !== 'object' || message === null) return message;
  const admission = admitMessage(message as JSONRPCMessage);
  if (admission.kind === 'pass') return admission.message;
  const error =
    (admission.answer as { id?: string | number; error?: { code: number; message: string } } | undefined) ?? {};
  throw new BodyError(400, error.error?.message ?? admission.note, {
    code: error.error?.code ?? JSON_RPC_CODES.INVALID_REQUEST,
    id: error.id ?? null,
  });
}

function tooLarge(maxBytes: number): BodyError {
  return new BodyError(
    413,
    `The request body exceeds ${maxBytes} bytes (set --max-body-bytes or TOOLGATE_MAX_BODY_BYTES to raise it).`,
  );
}
