// Reads an HTTP response body up to a byte cap, so a hostile or broken server cannot fill memory.
import { GatewayError } from '../errors/index.js';

export async function readCapped(response: Response, maxBytes: number, what: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge(what, maxBytes);
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(what, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(what: string, maxBytes: number): GatewayError {
  return new GatewayError(
    'REGISTRY_UNAVAILABLE',
    `${what} answered with more than ${maxBytes} bytes; the answer was dropped.`,
    {
      hint: 'Ask for fewer results (a smaller limit), or check TOOLGATE_REGISTRY_URL.',
    },
  );
}
