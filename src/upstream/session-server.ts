// One upstream MCP session: lists the meta-tools in the client's name style and dispatches calls to them.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { formatFieldPath, GatewayError, toGatewayError } from '../errors/index.js';
import type { CallContext, MetaTool } from '../gateway/meta-tool.js';
import { exposedName, parseMetaToolName, resolveNameStyle, type NameStyle, type NameStyleSetting } from '../gateway/tool-names.js';
import type { TokenLedger } from '../gateway/token-ledger.js';
import type { Logger } from '../log/logger.js';
import { errorResult } from './tool-result.js';

export interface SessionServerOptions {
  metaTools: readonly MetaTool[];
  nameStyle: NameStyleSetting;
  serverInfo: { name: string; version: string };
  sessionId: string;
  logger: Logger;
  /** Counts what this session's listings and answers cost (off the call path); absent: not counted. */
  ledger?: TokenLedger;
}

export const SESSION_INSTRUCTIONS =
  'toolgate fronts many MCP servers. Find a tool with catalog_search, read its schema with describe if needed, then call it with invoke using its tool_id (server::tool).';

export function createSessionServer(options: SessionServerOptions): Server {
  const server = new Server(options.serverInfo, { capabilities: { tools: {} }, instructions: SESSION_INSTRUCTIONS });
  const byName = new Map(options.metaTools.map((tool) => [tool.name, tool]));
  const listings = new Map<NameStyle, Tool[]>();
  const clientName = () => server.getClientVersion()?.name;

  server.setRequestHandler(ListToolsRequestSchema, () => {
    const style = resolveNameStyle(options.nameStyle, clientName());
    let tools = listings.get(style);
    if (!tools) {
      tools = options.metaTools.map((tool) => toWireTool(tool, style));
      listings.set(style, tools);
    }
    options.ledger?.recordListing(options.sessionId, tools, clientName());
    return { tools };
  });

  const answered = (metaTool: string | undefined, result: CallToolResult): CallToolResult => {
    options.ledger?.recordAnswer(options.sessionId, metaTool, result, clientName());
    return result;
  };

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const base = parseMetaToolName(request.params.name);
    const tool = base === undefined ? undefined : byName.get(base);
    if (!tool) {
      const names = options.metaTools.map((meta) => exposedName(meta.name, resolveNameStyle(options.nameStyle, clientName())));
      return answered(base, errorResult(
        new GatewayError('TOOL_NOT_FOUND', `"${request.params.name.slice(0, 100)}" is not a tool of this server.`, {
          hint: `Available: ${names.join(', ')}. Downstream tools are called through ${names.find((n) => n.endsWith('invoke')) ?? 'gateway_invoke'}.`,
        }),
      ));
    }
    const parsed = tool.input.safeParse(request.params.arguments ?? {});
    if (!parsed.success) return answered(tool.name, errorResult(invalidMetaArguments(tool, parsed.error)));
    const progressToken = request.params._meta?.progressToken;
    const context: CallContext = {
      signal: extra.signal,
      sessionId: options.sessionId,
      ...(clientName() === undefined ? {} : { clientName: clientName() as string }),
      ...(progressToken === undefined
        ? {}
        : {
            sendProgress: (progress) => {
              void extra.sendNotification({ method: 'notifications/progress', params: { ...progress, progressToken } }).catch(() => undefined);
            },
          }),
    };
    try {
      return answered(tool.name, await tool.handle(parsed.data, context));
    } catch (error) {
      const failure = toGatewayError(error);
      if (failure.code === 'INTERNAL') options.logger.error({ err: error, tool: tool.name }, 'meta-tool failed unexpectedly');
      return answered(tool.name, errorResult(failure));
    }
  });

  return server;
}

const schemaCache = new WeakMap<z.ZodType, Tool['inputSchema']>();

function toWireTool(tool: MetaTool, style: NameStyle): Tool {
  let inputSchema = schemaCache.get(tool.input);
  if (!inputSchema) {
    inputSchema = compactSchema(z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' })) as Tool['inputSchema'];
    schemaCache.set(tool.input, inputSchema);
  }
  return {
    name: exposedName(tool.name, style),
    description: style === 'dot' ? tool.description.replace(/gateway_/g, 'gateway.') : tool.description,
    inputSchema,
    ...(tool.annotations ? { annotations: tool.annotations } : {}),
  };
}

/**
 * What the model needs of a meta-tool schema, without what only costs tokens: `$schema`,
 * `additionalProperties: false` and length caps are still enforced by zod when the call arrives.
 */
function compactSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compactSchema);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === '$schema' || key === 'maxLength' || key === 'maxItems' || (key === 'additionalProperties' && inner === false)) continue;
    out[key] = compactSchema(inner);
  }
  return out;
}

function invalidMetaArguments(tool: MetaTool, error: z.ZodError): GatewayError {
  const fields = error.issues.slice(0, 20).map((issue) => ({ field: formatFieldPath(issue.path) || '(arguments)', problem: issue.message }));
  const unknownKeys = error.issues.some((issue) => issue.code === 'unrecognized_keys');
  return new GatewayError('INVALID_ARGUMENTS', `Invalid arguments for ${tool.name}: ${fields.map((f) => `${f.field}: ${f.problem}`).join('; ')}.`, {
    hint:
      tool.name === 'invoke' && unknownKeys
        ? 'Put the downstream tool\'s own arguments inside "arguments": { ... }.'
        : `Call ${tool.name} again with arguments matching its input schema.`,
    details: { fields },
  });
}
