#!/usr/bin/env node
// The downstream the conformance run tests against, on the v2 SDK (@modelcontextprotocol/server and
// /node): what the suite's server scenarios call (test_* tools, test:// resources, test_* prompts) for
// both protocol eras on one Streamable HTTP endpoint. A 2026-07-28 request (per-request `_meta`, no
// session) is served by a fresh server per request through the SDK's modern handler; a 2025-11-25
// request goes to a session of its own, opened by `initialize`, as before. Host and Origin are checked
// for the dns-rebinding scenario. Run by scripts/conformance.mjs: `node scripts/conformance-fixture.mjs --port N`.
import http from 'node:http';
import { randomUUID } from 'node:crypto';

import {
  localhostHostValidation,
  localhostOriginValidation,
  NodeStreamableHTTPServerTransport,
  toNodeHandler,
} from '@modelcontextprotocol/node';
import { classifyInboundRequest, createMcpHandler, isInitializeRequest } from '@modelcontextprotocol/server';

import { createFixtureServer } from './conformance/fixture-server.mjs';

/** Largest request body read from a client (the suite's requests are a few KB). */
const MAX_BODY_BYTES = 1_000_000;
/** The SSE retry hint sent to 2025-era clients whose stream the server closes (test_reconnection). */
const SSE_RETRY_MS = 500;

// ---------------------------------------------------------------------------------------------
// HTTP: one endpoint, both eras.

/** A minimal in-memory event store: lets a 2025-era client resume a closed SSE stream with Last-Event-ID. */
function createEventStore() {
  const events = []; // { id, streamId, message }
  return {
    async storeEvent(streamId, message) {
      const id = `${streamId}_${events.length}`;
      events.push({ id, streamId, message });
      return id;
    },
    async getStreamIdForEventId(eventId) {
      return events.find((event) => event.id === eventId)?.streamId;
    },
    async replayEventsAfter(lastEventId, { send }) {
      const index = events.findIndex((event) => event.id === lastEventId);
      if (index === -1) return '';
      const { streamId } = events[index];
      for (const event of events.slice(index + 1)) {
        if (event.streamId === streamId) await send(event.id, event.message);
      }
      return streamId;
    },
  };
}

async function readJsonBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error(`body over ${MAX_BODY_BYTES} bytes`), { status: 413 });
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw Object.assign(new Error('Parse error: the body is not JSON'), { status: 400, code: -32700 });
  }
}

function serveFixture(port) {
  // 2026-07-28: every request gets a fresh server; only the change-event bus is shared (listen streams).
  const modern = createMcpHandler(() => createFixtureServer(modern.notify), {
    legacy: 'reject',
    onerror: (error) => process.stderr.write(`modern handler: ${error.message}\n`),
  });
  const modernNode = toNodeHandler(modern);
  const sessions = new Map();
  const validHost = localhostHostValidation();
  const validOrigin = localhostOriginValidation();
  const reply = (res, status, message, code = -32000) =>
    res
      .writeHead(status, { 'content-type': 'application/json' })
      .end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message } }));
  const header = (value) => (Array.isArray(value) ? value[0] : value);

  async function handle(req, res) {
    if (new URL(req.url, 'http://localhost').pathname !== '/mcp')
      return reply(res, 404, 'Not found: the endpoint is /mcp');
    // DNS-rebinding protection: only loopback Host and Origin values are served (the guards answer 403).
    if (!validHost(req, res) || !validOrigin(req, res)) return;
    const body = req.method === 'POST' ? await readJsonBody(req) : undefined;
    const sessionId = header(req.headers['mcp-session-id']);
    const route =
      sessionId === undefined
        ? classifyInboundRequest({
            httpMethod: req.method,
            protocolVersionHeader: header(req.headers['mcp-protocol-version']),
            mcpMethodHeader: header(req.headers['mcp-method']),
            mcpNameHeader: header(req.headers['mcp-name']),
            body,
          })
        : { kind: 'legacy' };
    if (route.kind !== 'legacy') return modernNode(req, res, body);

    let transport = sessionId === undefined ? undefined : sessions.get(sessionId);
    if (!transport) {
      if (sessionId !== undefined) return reply(res, 404, 'Session not found: initialize a new one', -32001);
      if (req.method !== 'POST' || !isInitializeRequest(body))
        return reply(res, 400, 'No session: send initialize first (or a 2026-07-28 request with _meta)');
      const server = createFixtureServer(undefined);
      transport = new NodeStreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        eventStore: createEventStore(),
        retryInterval: SSE_RETRY_MS,
        onsessioninitialized: (id) => sessions.set(id, transport),
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
        server.close().catch(() => {});
      };
      await server.connect(transport);
    }
    await transport.handleRequest(req, res, body);
  }

  const httpServer = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) reply(res, error.status ?? 500, error.message, error.code ?? -32603);
      else res.end();
    });
  });
  httpServer.listen(port, '127.0.0.1', () =>
    process.stderr.write(`fixture listening on http://127.0.0.1:${httpServer.address().port}/mcp\n`),
  );
  const shutdown = () => {
    for (const transport of sessions.values()) transport.close().catch(() => {});
    httpServer.close();
    httpServer.closeAllConnections();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

const portAt = process.argv.indexOf('--port');
const port = Number(process.argv[portAt + 1]);
if (portAt === -1 || !Number.isInteger(port) || port <= 0 || port > 65535) {
  process.stderr.write('usage: node scripts/conformance-fixture.mjs --port <1-65535>\n');
  process.exit(2);
}
serveFixture(port);
