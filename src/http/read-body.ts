// Reads a JSON request body with a size cap, so one client cannot make the service buffer without bound.
import type { IncomingMessage } from 'node:http';

/** Default cap on a request body: far above any sane tool call, far below memory trouble. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
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
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError(400, 'The request body is not valid JSON: send one JSON-RPC message or a batch.');
  }
}

function tooLarge(maxBytes: number): BodyError {
  return new BodyError(413, `The request body exceeds ${maxBytes} bytes (set --max-body-bytes or TOOLGATE_MAX_BODY_BYTES to raise it).`);
}
