// Reference for the invoke-overhead benchmark (not a product): the thinnest stdio MCP hop the SDK
// allows. A low-level Server that lists the downstream's tools and forwards every tools/call
// unchanged to one downstream server, reached through an SDK Client over stdio. No validation,
// policy, logging or naming: whatever the gateway adds on top of this is its own cost.
//
// Run: node bench/thin-hop.mjs <downstream-script.mjs>
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { Server } from '@modelcontextprotocol/server';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/client';

const script = process.argv[2];
if (!script) {
  console.error('usage: node bench/thin-hop.mjs <downstream-script.mjs>');
  process.exit(2);
}

const downstream = new Client({ name: 'thin-hop', version: '0.0.0' });
await downstream.connect(new StdioClientTransport({ command: process.execPath, args: [script], stderr: 'inherit' }));

const server = new Server({ name: 'thin-hop', version: '0.0.0' }, { capabilities: { tools: {} } });
server.setRequestHandler('tools/list', () => downstream.listTools());
server.setRequestHandler('tools/call', (req) => downstream.callTool(req.params));

const bye = () => {
  void downstream.close().finally(() => process.exit(0));
};
process.stdin.on('end', bye);
process.stdin.on('close', bye);
await server.connect(new StdioServerTransport());
