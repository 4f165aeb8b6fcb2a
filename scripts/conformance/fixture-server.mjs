// The conformance fixture's MCP server: what the suite's server scenarios call (test_* tools, test://
// resources, test_* prompts), for one 2025-era session or one 2026-era request alike.
import {
  acceptedContent,
  fromJsonSchema,
  inputRequired,
  McpServer,
  ResourceTemplate,
} from '@modelcontextprotocol/server';

import { done, formOf, noArgs, PNG, sleep, text, WAV } from './fixture-content.mjs';
import { registerInputRequiredTools, stateCodec } from './fixture-input-required.mjs';

/** One server, for one 2025-era session or one 2026-era request. `notify` publishes list changes. */
export function createFixtureServer(notify) {
  const server = new McpServer(
    { name: 'toolgate-conformance-fixture', version: '2.0.0' },
    {
      capabilities: {
        tools: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        prompts: { listChanged: true },
        // Deprecated in 2026-07-28, still negotiated by 2025-era sessions (logging/setLevel).
        logging: {},
        completions: {},
      },
      requestState: { verify: stateCodec.verify },
      // Lists and reads are the same for every caller here, so they may be shared by any cache.
      cacheHints: Object.fromEntries(
        ['tools/list', 'prompts/list', 'resources/list', 'resources/templates/list', 'resources/read'].map((method) => [
          method,
          { ttlMs: 60_000, cacheScope: 'public' },
        ]),
      ),
    },
  );
  const tool = (name, description, run, inputSchema) =>
    server.registerTool(
      name,
      { description, inputSchema: inputSchema ? fromJsonSchema(inputSchema) : noArgs },
      (args, ctx) => run(args, ctx),
    );
  const elicited = (result, prefix = 'Elicitation completed') =>
    done(`${prefix}: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`);

  tool('test_simple_text', 'Returns simple text', () => done('This is a simple text response for testing.'));
  tool('test_image_content', 'Returns an image', () => ({
    content: [{ type: 'image', data: PNG, mimeType: 'image/png' }],
  }));
  tool('test_audio_content', 'Returns audio', () => ({
    content: [{ type: 'audio', data: WAV, mimeType: 'audio/wav' }],
  }));
  tool('test_embedded_resource', 'Returns an embedded resource', () => ({
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
  }));
  tool('test_multiple_content_types', 'Returns text, image and resource content', () => ({
    content: [
      text('Multiple content types test:'),
      { type: 'image', data: PNG, mimeType: 'image/png' },
      {
        type: 'resource',
        resource: {
          uri: 'test://mixed-content-resource',
          mimeType: 'application/json',
          text: JSON.stringify({ test: 'data', value: 123 }),
        },
      },
    ],
  }));
  tool('test_tool_with_logging', 'Sends three info log notifications while it runs', async (_args, ctx) => {
    const messages = ['Tool execution started', 'Tool processing data', 'Tool execution completed'];
    for (const [i, data] of messages.entries()) {
      if (i > 0) await sleep(50);
      await ctx.mcpReq.notify({ method: 'notifications/message', params: { level: 'info', logger: 'fixture', data } });
    }
    return done('Logging tool finished');
  });
  tool('test_error_handling', 'Always fails', () => ({
    isError: true,
    content: [text('This tool intentionally returns an error for testing')],
  }));
  tool('test_tool_with_progress', 'Reports progress 0, 50, 100 of 100', async (_args, ctx) => {
    const progressToken = ctx.mcpReq._meta?.progressToken;
    for (const [i, progress] of [0, 50, 100].entries()) {
      if (i > 0) await sleep(50);
      if (progressToken !== undefined)
        await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, progress, total: 100 } });
    }
    return done('Progress tool finished');
  });
  // 2025-era server-to-client requests (sampling, elicitation) on a session.
  tool(
    'test_sampling',
    'Asks the client to sample a message',
    async (args, ctx) => {
      const result = await ctx.mcpReq.requestSampling({
        messages: [{ role: 'user', content: text(String(args.prompt ?? '')) }],
        maxTokens: 100,
      });
      return done(`LLM response: ${result.content?.text ?? JSON.stringify(result.content)}`);
    },
    { type: 'object', properties: { prompt: { type: 'string' } }, required: ['prompt'] },
  );
  tool(
    'test_elicitation',
    'Asks the user for a username and email',
    async (args, ctx) =>
      elicited(
        await ctx.mcpReq.elicitInput({
          message: String(args.message ?? ''),
          requestedSchema: formOf(
            {
              username: { type: 'string', description: "User's response" },
              email: { type: 'string', description: "User's email address" },
            },
            ['username', 'email'],
          ),
        }),
        'User response',
      ),
    { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
  );
  tool('test_elicitation_sep1034_defaults', 'Elicitation whose fields all have defaults (SEP-1034)', async (_a, ctx) =>
    elicited(
      await ctx.mcpReq.elicitInput({
        message: 'Please review your details',
        requestedSchema: formOf({
          name: { type: 'string', default: 'John Doe' },
          age: { type: 'integer', default: 30 },
          score: { type: 'number', default: 95.5 },
          status: { type: 'string', enum: ['active', 'inactive', 'pending'], default: 'active' },
          verified: { type: 'boolean', default: true },
        }),
      }),
    ),
  );
  tool('test_elicitation_sep1330_enums', 'Elicitation with every enum form (SEP-1330)', async (_a, ctx) => {
    const choices = (values, prefix) => values.map((value, i) => ({ const: value, title: `${prefix} ${i + 1}` }));
    return elicited(
      await ctx.mcpReq.elicitInput({
        message: 'Pick some options',
        requestedSchema: formOf({
          untitledSingle: { type: 'string', enum: ['option1', 'option2', 'option3'] },
          titledSingle: { type: 'string', oneOf: choices(['value1', 'value2', 'value3'], 'Option') },
          legacyEnum: {
            type: 'string',
            enum: ['opt1', 'opt2', 'opt3'],
            enumNames: ['Option One', 'Option Two', 'Option Three'],
          },
          untitledMulti: { type: 'array', items: { type: 'string', enum: ['option1', 'option2', 'option3'] } },
          titledMulti: { type: 'array', items: { anyOf: choices(['value1', 'value2', 'value3'], 'Choice') } },
        }),
      }),
    );
  });
  tool('json_schema_2020_12_tool', 'Tool with JSON Schema 2020-12 features', () => done('ok'), {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    $defs: { address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } } },
    properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } },
    additionalProperties: false,
  });
  tool(
    'test_reconnection',
    'Closes its SSE stream mid-call so the client has to resume (SEP-1699)',
    async (_a, ctx) => {
      await sleep(100);
      ctx.http?.closeSSE?.();
      await sleep(200);
      return done('Reconnection test finished');
    },
  );
  // server-stateless (2026-07-28) diagnostics.
  tool('test_streaming_elicitation', 'Answers with result frames only', () => done('result frames only'));
  tool(
    'test_logging_tool',
    'Logs through the request channel (only sent when _meta.logLevel asks)',
    async (_a, ctx) => {
      await ctx.mcpReq.log('info', 'test_logging_tool ran');
      return done('logged through the request-scoped channel');
    },
  );
  tool('test_trigger_tool_change', 'Publishes tools/list_changed to subscriptions/listen streams', () => {
    notify?.toolsChanged();
    return done('tools_list_changed published');
  });
  tool('test_trigger_prompt_change', 'Publishes prompts/list_changed to subscriptions/listen streams', () => {
    notify?.promptsChanged();
    return done('prompts_list_changed published');
  });
  registerInputRequiredTools(server);

  const resource = (name, uri, description, mimeType, body) =>
    server.registerResource(name, uri, { description, mimeType }, () => ({
      contents: [{ uri, mimeType, ...body }],
    }));
  resource('static-text', 'test://static-text', 'Static text resource', 'text/plain', {
    text: 'This is the content of the static text resource.',
  });
  resource('static-binary', 'test://static-binary', 'Static binary resource', 'image/png', { blob: PNG });
  resource('watched-resource', 'test://watched-resource', 'Resource to subscribe to', 'text/plain', {
    text: 'Watched resource content.',
  });
  resource('example-resource', 'test://example-resource', 'Example resource', 'text/plain', {
    text: 'Example resource content.',
  });
  server.registerResource(
    'template-data',
    new ResourceTemplate('test://template/{id}/data', { list: undefined }),
    { description: 'Data for an id', mimeType: 'application/json' },
    (uri, { id }) => ({
      contents: [
        {
          uri: uri.toString(),
          mimeType: 'application/json',
          text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }),
        },
      ],
    }),
  );
  // 2025-era subscriptions: accepted and remembered for the session (nothing here ever changes).
  const subscriptions = new Set();
  server.server.setRequestHandler('resources/subscribe', (request) => {
    subscriptions.add(request.params.uri);
    return {};
  });
  server.server.setRequestHandler('resources/unsubscribe', (request) => {
    subscriptions.delete(request.params.uri);
    return {};
  });

  const prompt = (name, description, args, messages) =>
    server.registerPrompt(
      name,
      { description, ...(args && { argsSchema: fromJsonSchema(args) }) },
      args ? (values) => ({ messages: messages(values) }) : () => ({ messages: messages({}) }),
    );
  prompt('test_simple_prompt', 'A prompt without arguments', undefined, () => [
    { role: 'user', content: text('This is a simple prompt for testing.') },
  ]);
  prompt(
    'test_prompt_with_arguments',
    'A prompt with two arguments',
    {
      type: 'object',
      properties: {
        arg1: { type: 'string', description: 'First test argument' },
        arg2: { type: 'string', description: 'Second test argument' },
      },
      required: ['arg1', 'arg2'],
    },
    (values) => [
      { role: 'user', content: text(`Prompt with arguments: arg1='${values.arg1}', arg2='${values.arg2}'`) },
    ],
  );
  prompt(
    'test_prompt_with_embedded_resource',
    'A prompt embedding a resource',
    {
      type: 'object',
      properties: { resourceUri: { type: 'string', description: 'URI of the resource to embed' } },
      required: ['resourceUri'],
    },
    (values) => [
      {
        role: 'user',
        content: {
          type: 'resource',
          resource: { uri: values.resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' },
        },
      },
      { role: 'user', content: text('Please process the embedded resource above.') },
    ],
  );
  prompt('test_prompt_with_image', 'A prompt with an image', undefined, () => [
    { role: 'user', content: { type: 'image', data: PNG, mimeType: 'image/png' } },
    { role: 'user', content: text('Please analyze the image above.') },
  ]);
  server.registerPrompt('test_input_required_result_prompt', { description: 'Asks for context in-band' }, (ctx) => {
    const context = acceptedContent(ctx.mcpReq.inputResponses, 'user_context')?.context;
    if (typeof context === 'string')
      return { messages: [{ role: 'user', content: text(`Use the following context: ${context}`) }] };
    return inputRequired({
      inputRequests: {
        user_context: inputRequired.elicit({
          message: 'What context should the prompt use?',
          requestedSchema: formOf({ context: { type: 'string' } }, ['context']),
        }),
      },
    });
  });

  server.server.setRequestHandler('logging/setLevel', () => ({}));
  const completions = ['paris', 'park', 'party', 'test-value', 'testing'];
  server.server.setRequestHandler('completion/complete', (request) => {
    const prefix = String(request.params.argument?.value ?? '').toLowerCase();
    const values = completions.filter((value) => value.startsWith(prefix));
    return { completion: { values, total: values.length, hasMore: false } };
  });
  return server;
}
