// A `fetch` over a Unix socket, so the SDK's Streamable HTTP client can talk to the local control socket.
import http from 'node:http';
import { Readable } from 'node:stream';

export type SocketFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * Node's global fetch cannot dial a Unix socket without undici's Agent (an extra ~400 KB in the bundle on
 * the stdio start path), and the SDK only needs status, headers and a streamed body: node:http does that.
 */
export function createSocketFetch(socketPath: string): SocketFetch {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input));
      const headers = new Headers(init.headers);
      const request = http.request({
        socketPath,
        // No pooled sockets: aborting a finished request must never destroy a socket another request reuses.
        agent: false,
        path: `${url.pathname}${url.search}`,
        method: init.method ?? 'GET',
        headers: { ...Object.fromEntries(headers.entries()), host: 'localhost' },
      });
      const signal = init.signal;
      const onAbort = () => request.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      request.once('error', (error) => {
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      });
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      request.once('response', (response) => {
        response.once('close', () => signal?.removeEventListener('abort', onAbort));
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        const status = response.statusCode ?? 500;
        const hasBody = status !== 204 && status !== 304 && init.method !== 'HEAD';
        resolve(
          new Response(hasBody ? (Readable.toWeb(response) as ReadableStream<Uint8Array>) : null, {
            status,
            headers: responseHeaders,
          }),
        );
      });
      if (init.body !== undefined && init.body !== null)
        request.end(typeof init.body === 'string' ? init.body : Buffer.from(init.body as ArrayBuffer));
      else request.end();
    });
}
