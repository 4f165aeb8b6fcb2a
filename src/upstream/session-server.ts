// One upstream MCP session: lists the meta-tools (and, in flat or hybrid exposure, downstream tools directly) and dispatches calls.
import { Server } from '@modelcontextprotocol/server';
import type { CallToolResult, ServerCapabilities, Tool } from '@modelcontextprotocol/server';
import { z } from 'zod';
import {
  formatFieldPath,
  GatewayError,
  isRefusal,
  isServersOwnJsonRpcError,
  toGatewayError,
  toJsonRpcError,
} from '../errors/index.js';
import type { DirectExposure } from '../gateway/direct/direct-exposure.js';
import type { CallContext, MetaTool } from '../gateway/meta-tool.js';
import {
  exposedName,
  parseMetaToolName,
  resolveNameStyle,
  type NameStyle,
  type NameStyleSetting,
} from '../gateway/tool-names.js';
import type { TokenLedger } from '../gateway/token-ledger.js';
import type { Logger } from '../log/logger.js';
import { clientIdentity } from './client-identity.js';
import { serveDirectExposure } from './direct-session.js';
import { keepLegacyWireCodes } from './legacy-wire-codes.js';
import { errorResult } from './tool-result.js';
import { askUserVia, relayVia } from './upstream-asks.js';

export interface SessionServerOptions {
  metaTools: readonly MetaTool[];
  nameStyle: NameStyleSetting;
  serverInfo: { name: string; version: string };
  sessionId: string;
  logger: Logger;
  /** Counts what this session's listings and answers cost (off the call path); absent: not counted. */
  ledger?: TokenLedger;
  /** Flat or hybrid exposure; absent: progressive (meta-tools only). */
  direct?: DirectExposure;
  /**
   * toolgate's own CLI: it always gets the meta-tools, whatever the exposure (it calls gateway_* by name).
   * Decided by the way the session came in (the owner's control socket at /cli, or the CLI's in-process
   * engine), never by `clientInfo.name`, which any client may claim.
   */
  cli?: boolean;
}

/** The clientInfo.name toolgate's CLI gives (logs and the audit name it); it grants nothing (see `cli`). */
export const CLI_CLIENT_NAME = 'toolgate-cli';

export const SESSION_INSTRUCTIONS =
  'toolgate fronts many MCP servers. Find a tool with catalog_search, read its schema with describe if needed, then call it with invoke using its tool_id (server::tool).';
const HYBRID_INSTRUCTIONS = `${SESSION_INSTRUCTIONS} A few tools are also listed directly; call those by their own names.`;

export function createSessionServer(options: SessionServerOptions): Server {
  const { direct } = options;
  const server = new Server(options.serverInfo, {
    capabilities: capabilitiesFor(direct),
    ...(direct?.mode === 'flat' ? {} : { instructions: direct ? HYBRID_INSTRUCTIONS : SESSION_INSTRUCTIONS }),
  });
  keepLegacyWireCodes(server);
  const clientName = () => server.getClientVersion()?.name;
  // toolgate's own CLI calls the meta-tools by name and never sees downstream tools directly.
  const isCli = () => options.cli === true;
  // Flat exposure is a plain aggregator: no meta-tools (but for the CLI).
  const showsMetaTools = () => direct?.mode !== 'flat' || isCli();
  const byName = new Map(options.metaTools.map((tool) => [tool.name, tool]));
  const listings = new Map<NameStyle, Tool[]>();
  if (direct) serveDirectExposure(server, direct, options.sessionId, options.logger);

  const metaToolListing = (style: NameStyle): Tool[] => {
    let tools = listings.get(style);
    if (!tools) {
      tools = options.metaTools.map((tool) => toWireTool(tool, style));
      listings.set(style, tools);
    }
    return tools;
  };

  server.setRequestHandler('tools/list', async () => {
    let tools = showsMetaTools() ? metaToolListing(resolveNameStyle(options.nameStyle, clientName())) : [];
    if (direct && !isCli()) tools = [...tools, ...(await direct.listTools())];
    options.ledger?.recordListing(options.sessionId, tools, clientName());
    return { tools };
  });

  const answered = (metaTool: string | undefined, result: CallToolResult): CallToolResult => {
    options.ledger?.recordAnswer(options.sessionId, metaTool, result, clientName());
    return result;
  };

  server.setRequestHandler('tools/call', async (request, ctx): Promise<CallToolResult> => {
    const progressToken = request.params._meta?.progressToken;
    const name = clientName();
    const askUser = askUserVia(server, ctx.mcpReq.id);
    const context: CallContext = {
      signal: ctx.mcpReq.signal,
      sessionId: options.sessionId,
      relay: relayVia(server, ctx.mcpReq.id, options.sessionId),
      ...(name === undefined ? {} : { clientName: name }),
      clientIdentity: clientIdentity(name),
      ...(askUser ? { askUser } : {}),
      ...(progressToken === undefined
        ? {}
        : {
            sendProgress: (progress) => {
              void ctx.mcpReq
                .notify({ method: 'notifications/progress', params: { ...progress, progressToken } })
                .catch(() => undefined);
            },
          }),
    };
    const base = parseMetaToolName(request.params.name);
    const tool = base === undefined || !showsMetaTools() ? undefined : byName.get(base);
    const directId = tool ? undefined : await direct?.resolveStarting(request.params.name);
    if (direct && directId !== undefined)
      return answered(
        'invoke',
        await callDirect(direct, directId, request.params.arguments ?? {}, context, options.logger),
      );
    if (!tool) {
      const message = `"${request.params.name.slice(0, 100)}" is not a tool of this server.`;
      // A plain aggregator answers an unknown name the way a plain server does.
      if (direct?.mode === 'flat')
        throw toJsonRpcError(new GatewayError('TOOL_NOT_FOUND', `${message} Call tools/list for the names.`));
      const names = options.metaTools.map((meta) =>
        exposedName(meta.name, resolveNameStyle(options.nameStyle, clientName())),
      );
      return answered(
        base,
        errorResult(
          new GatewayError('TOOL_NOT_FOUND', message, {
            hint: `Available: ${names.join(', ')}. Downstream tools are called through ${names.find((n) => n.endsWith('invoke')) ?? 'gateway_invoke'}.`,
          }),
        ),
      );
    }
    const parsed = tool.input.safeParse(request.params.arguments ?? {});
    if (!parsed.success) return answered(tool.name, errorResult(invalidMetaArguments(tool, parsed.error)));
    try {
      return answered(tool.name, await tool.handle(parsed.data, { ...context, via: 'invoke' }));
    } catch (error) {
      const failure = toGatewayError(error);
      if (failure.code === 'INTERNAL')
        options.logger.error({ err: error, tool: tool.name }, 'meta-tool failed unexpectedly');
      return answered(tool.name, errorResult(failure));
    }
  });

  return server;
}

function capabilitiesFor(direct: DirectExposure | undefined): ServerCapabilities {
  if (!direct) return { tools: {} };
  if (direct.mode === 'hybrid') return { tools: { listChanged: true } };
  return {
    tools: { listChanged: true },
    prompts: { listChanged: true },
    resources: { subscribe: true, listChanged: true },
    completions: {},
    logging: {},
  };
}

/**
 * A directly exposed tool answers like the server itself would: its own result, its own JSON-RPC error
 * (redacted), or toolgate's JSON-RPC error for a gate, a policy block or a refused approval (errors/wire-codes.ts).
 * Other failures of the gateway (server down, timeout, invalid arguments) are tool errors the model can read,
 * as in progressive mode.
 */
async function callDirect(
  direct: DirectExposure,
  toolId: string,
  args: Record<string, unknown>,
  context: CallContext,
  logger: Logger,
): Promise<CallToolResult> {
  try {
    return await direct.invoke(toolId, args, context);
  } catch (error) {
    const failure = toGatewayError(error);
    // The server's own JSON-RPC error (already redacted) is passed on as one, as the server sent it.
    if (isRefusal(failure.code) || isServersOwnJsonRpcError(failure)) throw toJsonRpcError(failure);
    if (failure.code === 'INTERNAL')
      logger.error({ err: error, tool_id: toolId }, 'a direct tool call failed unexpectedly');
    return errorResult(failure);
  }
}

const schemaCache = new WeakMap<z.ZodType, Tool['inputSchema']>();

function toWireTool(tool: MetaTool, style: NameStyle): Tool {
  let inputSchema = schemaCache.get(tool.input);
  if (!inputSchema) {
    inputSchema = compactSchema(
      z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' }),
    ) as Tool['inputSchema'];
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
    if (
      key === '$schema' ||
      key === 'maxLength' ||
      key === 'maxItems' ||
      (key === 'additionalProperties' && inner === false)
    )
      continue;
    out[key] = compactSchema(inner);
  }
  return out;
}

function invalidMetaArguments(tool: MetaTool, error: z.ZodError): GatewayError {
  const fields = error.issues
    .slice(0, 20)
    .map((issue) => ({ field: formatFieldPath(issue.path) || '(arguments)', problem: issue.message }));
  const unknownKeys = error.issues.some((issue) => issue.code === 'unrecognized_keys');
  return new GatewayError(
    'INVALID_ARGUMENTS',
    `Invalid arguments for ${tool.name}: ${fields.map((f) => `${f.field}: ${f.problem}`).join('; ')}.`,
    {
      hint:
        tool.name === 'invoke' && unknownKeys
          ? 'Put the downstream tool\'s own arguments inside "arguments": { ... }.'
          : `Call ${tool.name} again with arguments matching its input schema.`,
      details: { fields },
    },
  );
}
