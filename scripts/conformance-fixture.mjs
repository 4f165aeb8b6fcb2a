#!/usr/bin/env node
// The downstream the conformance run tests against: what the suite's server scenarios call (test_*
// tools, test:// resources, test_* prompts), shaped as the scenario descriptions ask. Streamable
// HTTP, one SDK Server per session, Host/Origin checked for the dns-rebinding scenario, an event
// store for SSE resumability. Run by scripts/conformance.mjs: `node scripts/conformance-fixture.mjs --port N`.
import { randomUUID } from 'node:crypto';
import http from 'node:http';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function serveFixture(port) {
  const { Server } = await import('@modelcontextprotocol/sdk/server/index.js');
  const { StreamableHTTPServerTransport } = await import('@modelcontextprotocol/sdk/server/streamableHttp.js');
  const types = await import('@modelcontextprotocol/sdk/types.js');

  // 1x1 PNG and a 10-sample silent WAV, built here so no binary file has to ship.
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
  const wav = (() => {
    const samples = Buffer.alloc(20);
    const header = Buffer.alloc(44);
    header.write('RIFF', 0);
    header.writeUInt32LE(36 + samples.length, 4);
    header.write('WAVEfmt ', 8);
    header.writeUInt32LE(16, 16); // fmt chunk size
    header.writeUInt16LE(1, 20); // PCM
    header.writeUInt16LE(1, 22); // mono
    header.writeUInt32LE(8000, 24); // sample rate
    header.writeUInt32LE(16000, 28); // byte rate
    header.writeUInt16LE(2, 32); // block align
    header.writeUInt16LE(16, 34); // bits per sample
    header.write('data', 36);
    header.writeUInt32LE(samples.length, 40);
    return Buffer.concat([header, samples]).toString('base64');
  })();

  const text = (value) => ({ type: 'text', text: value });
  const noArgs = { type: 'object', properties: {} };
  const elicit = (extra, message, properties, required) =>
    extra.sendRequest(
      {
        method: 'elicitation/create',
        params: { message, requestedSchema: { type: 'object', properties, ...(required && { required }) } },
      },
      types.ElicitResultSchema,
    );

  // name -> { description, inputSchema, run(args, extra) }
  const tools = {
    test_simple_text: {
      description: 'Returns simple text',
      run: () => ({ content: [text('This is a simple text response for testing.')] }),
    },
    test_image_content: {
      description: 'Returns an image',
      run: () => ({ content: [{ type: 'image', data: png, mimeType: 'image/png' }] }),
    },
    test_audio_content: {
      description: 'Returns audio',
      run: () => ({ content: [{ type: 'audio', data: wav, mimeType: 'audio/wav' }] }),
    },
    test_embedded_resource: {
      description: 'Returns an embedded resource',
      run: () => ({
        content: [
          {
            type: 'resource',
            resource: {
              uri: 'test://embedded-resource',
              mimeType: 'text/plain',
              text: 'This is an embedded resource content.',
            },
          },
        ],
      }),
    },
    test_multiple_content_types: {
      description: 'Returns text, image and resource content',
      run: () => ({
        content: [
          text('Multiple content types test:'),
          { type: 'image', data: png, mimeType: 'image/png' },
          {
            type: 'resource',
            resource: {
              uri: 'test://mixed-content-resource',
              mimeType: 'application/json',
              text: JSON.stringify({ test: 'data', value: 123 }),
            },
          },
        ],
      }),
    },
    test_tool_with_logging: {
      description: 'Sends three info log notifications while it runs',
      run: async (_args, extra) => {
        for (const [i, message] of [
          'Tool execution started',
          'Tool processing data',
          'Tool execution completed',
        ].entries()) {
          if (i > 0) await sleep(50);
          await extra.sendNotification({
            method: 'notifications/message',
            params: { level: 'info', logger: 'fixture', data: message },
          });
        }
        return { content: [text('Logging tool finished')] };
      },
    },
    test_error_handling: {
      description: 'Always fails',
      run: () => ({ isError: true, content: [text('This tool intentionally returns an error for testing')] }),
    },
    test_tool_with_progress: {
      description: 'Reports progress 0, 50, 100 of 100',
      run: async (_args, extra) => {
        const token = extra._meta?.progressToken;
        for (const [i, progress] of [0, 50, 100].entries()) {
          if (i > 0) await sleep(50);
          if (token !== undefined)
            await extra.sendNotification({
              method: 'notifications/progress',
              params: { progressToken: token, progress, total: 100 },
            });
        }
        return { content: [text('Progress tool finished')] };
      },
    },
    test_sampling: {
      description: 'Asks the client to sample a message',
      inputSchema: { type: 'object', properties: { prompt: { type: 'string' } }, required: ['prompt'] },
      run: async (args, extra) => {
        const result = await extra.sendRequest(
          {
            method: 'sampling/createMessage',
            params: { messages: [{ role: 'user', content: text(String(args.prompt ?? '')) }], maxTokens: 100 },
          },
          types.CreateMessageResultSchema,
        );
        return { content: [text(`LLM response: ${result.content?.text ?? JSON.stringify(result.content)}`)] };
      },
    },
    test_elicitation: {
      description: 'Asks the user for a username and email',
      inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
      run: async (args, extra) => {
        const result = await elicit(
          extra,
          String(args.message ?? ''),
          {
            username: { type: 'string', description: "User's response" },
            email: { type: 'string', description: "User's email address" },
          },
          ['username', 'email'],
        );
        return {
          content: [text(`User response: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`)],
        };
      },
    },
    test_elicitation_sep1034_defaults: {
      description: 'Elicitation whose fields all have defaults (SEP-1034)',
      run: async (_args, extra) => {
        const result = await elicit(extra, 'Please review your details', {
          name: { type: 'string', default: 'John Doe' },
          age: { type: 'integer', default: 30 },
          score: { type: 'number', default: 95.5 },
          status: { type: 'string', enum: ['active', 'inactive', 'pending'], default: 'active' },
          verified: { type: 'boolean', default: true },
        });
        return {
          content: [
            text(`Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`),
          ],
        };
      },
    },
    test_elicitation_sep1330_enums: {
      description: 'Elicitation with every enum form (SEP-1330)',
      run: async (_args, extra) => {
        const choices = (values, prefix) => values.map((value, i) => ({ const: value, title: `${prefix} ${i + 1}` }));
        const result = await elicit(extra, 'Pick some options', {
          untitledSingle: { type: 'string', enum: ['option1', 'option2', 'option3'] },
          titledSingle: { type: 'string', oneOf: choices(['value1', 'value2', 'value3'], 'Option') },
          legacyEnum: {
            type: 'string',
            enum: ['opt1', 'opt2', 'opt3'],
            enumNames: ['Option One', 'Option Two', 'Option Three'],
          },
          untitledMulti: { type: 'array', items: { type: 'string', enum: ['option1', 'option2', 'option3'] } },
          titledMulti: { type: 'array', items: { anyOf: choices(['value1', 'value2', 'value3'], 'Choice') } },
        });
        return {
          content: [
            text(`Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`),
          ],
        };
      },
    },
    json_schema_2020_12_tool: {
      description: 'Tool with JSON Schema 2020-12 features',
      inputSchema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        $defs: { address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } } },
        properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } },
        additionalProperties: false,
      },
      run: () => ({ content: [text('ok')] }),
    },
    test_reconnection: {
      description: 'Closes its SSE stream mid-call so the client has to resume (SEP-1699)',
      run: async (_args, extra) => {
        await sleep(100);
        extra.closeSSEStream?.();
        await sleep(200);
        return { content: [text('Reconnection test finished')] };
      },
    },
  };

  const staticResources = {
    'test://static-text': {
      name: 'static-text',
      description: 'Static text resource',
      mimeType: 'text/plain',
      text: 'This is the content of the static text resource.',
    },
    'test://static-binary': {
      name: 'static-binary',
      description: 'Static binary resource',
      mimeType: 'image/png',
      blob: png,
    },
    'test://watched-resource': {
      name: 'watched-resource',
      description: 'Resource to subscribe to',
      mimeType: 'text/plain',
      text: 'Watched resource content.',
    },
    'test://example-resource': {
      name: 'example-resource',
      description: 'Example resource',
      mimeType: 'text/plain',
      text: 'Example resource content.',
    },
  };
  const templateUri = /^test:\/\/template\/([^/]+)\/data$/;

  const prompts = {
    test_simple_prompt: {
      description: 'A prompt without arguments',
      get: () => [{ role: 'user', content: text('This is a simple prompt for testing.') }],
    },
    test_prompt_with_arguments: {
      description: 'A prompt with two arguments',
      arguments: [
        { name: 'arg1', description: 'First test argument', required: true },
        { name: 'arg2', description: 'Second test argument', required: true },
      ],
      get: (args) => [
        { role: 'user', content: text(`Prompt with arguments: arg1='${args.arg1}', arg2='${args.arg2}'`) },
      ],
    },
    test_prompt_with_embedded_resource: {
      description: 'A prompt embedding a resource',
      arguments: [{ name: 'resourceUri', description: 'URI of the resource to embed', required: true }],
      get: (args) => [
        {
          role: 'user',
          content: {
            type: 'resource',
            resource: { uri: args.resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' },
          },
        },
        { role: 'user', content: text('Please process the embedded resource above.') },
      ],
    },
    test_prompt_with_image: {
      description: 'A prompt with an image',
      get: () => [
        { role: 'user', content: { type: 'image', data: png, mimeType: 'image/png' } },
        { role: 'user', content: text('Please analyze the image above.') },
      ],
    },
  };
  const completions = ['paris', 'park', 'party', 'test-value', 'testing'];

  function createSessionServer() {
    const server = new Server(
      { name: 'toolgate-conformance-fixture', version: '1.0.0' },
      { capabilities: { tools: {}, resources: { subscribe: true }, prompts: {}, logging: {}, completions: {} } },
    );
    const subscriptions = new Set();
    server.setRequestHandler(types.ListToolsRequestSchema, () => ({
      tools: Object.entries(tools).map(([name, tool]) => ({
        name,
        description: tool.description,
        inputSchema: tool.inputSchema ?? noArgs,
      })),
    }));
    server.setRequestHandler(types.CallToolRequestSchema, async (request, extra) => {
      const tool = tools[request.params.name];
      if (!tool) throw new types.McpError(types.ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
      return tool.run(request.params.arguments ?? {}, { ...extra, _meta: request.params._meta });
    });
    server.setRequestHandler(types.ListResourcesRequestSchema, () => ({
      resources: Object.entries(staticResources).map(([uri, { name, description, mimeType }]) => ({
        uri,
        name,
        description,
        mimeType,
      })),
    }));
    server.setRequestHandler(types.ListResourceTemplatesRequestSchema, () => ({
      resourceTemplates: [
        {
          uriTemplate: 'test://template/{id}/data',
          name: 'template-data',
          description: 'Data for an id',
          mimeType: 'application/json',
        },
      ],
    }));
    server.setRequestHandler(types.ReadResourceRequestSchema, (request) => {
      const { uri } = request.params;
      const fixed = staticResources[uri];
      if (fixed) {
        const body = fixed.blob !== undefined ? { blob: fixed.blob } : { text: fixed.text };
        return { contents: [{ uri, mimeType: fixed.mimeType, ...body }] };
      }
      const match = templateUri.exec(uri);
      if (match) {
        const id = decodeURIComponent(match[1]);
        return {
          contents: [
            {
              uri,
              mimeType: 'application/json',
              text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }),
            },
          ],
        };
      }
      throw new types.McpError(-32002, `Resource not found: ${uri}`);
    });
    server.setRequestHandler(types.SubscribeRequestSchema, (request) => {
      subscriptions.add(request.params.uri);
      return {};
    });
    server.setRequestHandler(types.UnsubscribeRequestSchema, (request) => {
      subscriptions.delete(request.params.uri);
      return {};
    });
    server.setRequestHandler(types.ListPromptsRequestSchema, () => ({
      prompts: Object.entries(prompts).map(([name, prompt]) => ({
        name,
        description: prompt.description,
        ...(prompt.arguments && { arguments: prompt.arguments }),
      })),
    }));
    server.setRequestHandler(types.GetPromptRequestSchema, (request) => {
      const prompt = prompts[request.params.name];
      if (!prompt) throw new types.McpError(types.ErrorCode.InvalidParams, `Unknown prompt: ${request.params.name}`);
      return { description: prompt.description, messages: prompt.get(request.params.arguments ?? {}) };
    });
    server.setRequestHandler(types.CompleteRequestSchema, (request) => {
      const prefix = request.params.argument.value.toLowerCase();
      const values = completions.filter((value) => value.startsWith(prefix));
      return { completion: { values, total: values.length, hasMore: false } };
    });
    return server;
  }

  // A minimal in-memory event store: lets a client resume a closed SSE stream with Last-Event-ID.
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

  const loopback = new Set(['localhost', '127.0.0.1', '[::1]']);
  const hostnameOf = (value) => {
    try {
      return new URL(value.includes('://') ? value : `http://${value}`).hostname.toLowerCase();
    } catch {
      return undefined;
    }
  };
  const transports = new Map();
  const reply = (res, status, message) => {
    res
      .writeHead(status, { 'content-type': 'application/json' })
      .end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message } }));
  };

  const httpServer = http.createServer(async (req, res) => {
    try {
      if (new URL(req.url, 'http://localhost').pathname !== '/mcp') return reply(res, 404, 'Not found');
      // DNS-rebinding protection: only loopback Host and Origin values are served.
      if (!loopback.has(hostnameOf(req.headers.host ?? ''))) return reply(res, 403, 'Forbidden Host');
      if (req.headers.origin !== undefined && !loopback.has(hostnameOf(req.headers.origin)))
        return reply(res, 403, 'Forbidden Origin');

      let body;
      if (req.method === 'POST') {
        const chunks = [];
        for await (const chunk of req) chunks.push(chunk);
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return reply(res, 400, 'Parse error');
        }
      }
      const sessionId = req.headers['mcp-session-id'];
      let transport = typeof sessionId === 'string' ? transports.get(sessionId) : undefined;
      if (!transport) {
        if (sessionId !== undefined) return reply(res, 404, 'Session not found');
        if (req.method !== 'POST' || !types.isInitializeRequest(body))
          return reply(res, 400, 'No session: send initialize first');
        transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: randomUUID,
          eventStore: createEventStore(),
          retryInterval: 500,
          onsessioninitialized: (id) => transports.set(id, transport),
        });
        transport.onclose = () => {
          if (transport.sessionId) transports.delete(transport.sessionId);
        };
        await createSessionServer().connect(transport);
      }
      await transport.handleRequest(req, res, body);
    } catch (error) {
      if (!res.headersSent) reply(res, 500, error instanceof Error ? error.message : String(error));
      else res.end();
    }
  });
  httpServer.listen(port, '127.0.0.1', () =>
    process.stderr.write(`fixture listening on http://127.0.0.1:${httpServer.address().port}/mcp\n`),
  );
  const shutdown = () => {
    for (const transport of transports.values()) transport.close().catch(() => {});
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
await serveFixture(port);
