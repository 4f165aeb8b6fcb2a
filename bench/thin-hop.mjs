// Reference for the invoke-overhead benchmark (not a product): the thinnest stdio MCP hop the SDK
// allows. A low-level Server that lists the downstream's tools and forwards every tools/call
// unchanged to one downstream server, reached through an SDK Client over stdio. No validation,
// policy, logging or naming: whatever the gateway adds on top of this is its own cost.
//
// Run: node bench/thin-hop.mjs <downstream-script.mjs>
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const script = process.argv[2];
if (!script) {
  console.error('usage: node bench/thin-hop.mjs <downstream-script.mjs>');
  process.exit(2);
}

const downstream = new Client({ name: 'thin-hop', version: '0.0.0' });
await downstream.connect(new StdioClientTransport({ command: process.execPath, args: [script], stderr: 'inherit' }));

const server = new Server({ name: 'thin-hop', version: '0.0.0' }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, () => downstream.listTools());
server.setRequestHandler(CallToolRequestSchema, (req) => downstream.callTool(req.params));

const bye = () => {
  void downstream.close().finally(() => process.exit(0));
};
process.stdin.on('end', bye);
process.stdin.on('close', bye);
await server.connect(new StdioServerTransport());
