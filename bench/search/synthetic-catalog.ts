// A deterministic synthetic catalog of any size, worded like real MCP tools (verb_object names, one- or
// two-sentence descriptions, a few described parameters), for search latency and index build times.
import type { CatalogTool } from '../../src/catalog/tool-index.js';

const SERVICES = [
  'GitHub', 'GitLab', 'Bitbucket', 'Jira', 'Linear', 'Asana', 'Trello', 'Notion', 'Confluence', 'Slack', 'Discord', 'Teams',
  'Gmail', 'Outlook', 'Calendar', 'Drive', 'Dropbox', 'Box', 'S3', 'Postgres', 'MySQL', 'SQLite', 'MongoDB', 'Redis',
  'Elasticsearch', 'BigQuery', 'Snowflake', 'Stripe', 'Shopify', 'Salesforce', 'HubSpot', 'Zendesk', 'Intercom', 'Sentry',
  'Datadog', 'Grafana', 'PagerDuty', 'Kubernetes', 'Docker', 'Terraform', 'Vercel', 'Netlify', 'Cloudflare', 'AWS', 'Azure',
  'Figma', 'Airtable', 'Twilio', 'SendGrid', 'Spotify', 'YouTube', 'Maps', 'Weather', 'Browser', 'Filesystem', 'Git',
];
const VERBS = [
  'get', 'list', 'create', 'update', 'delete', 'search', 'add', 'remove', 'archive', 'restore', 'export', 'import', 'sync',
  'start', 'stop', 'run', 'cancel', 'assign', 'close', 'reopen', 'merge', 'comment_on', 'upload', 'download', 'share',
  'publish', 'schedule', 'approve', 'reject', 'tag', 'move', 'copy', 'rename', 'query', 'count', 'summarize', 'validate',
];
const OBJECTS = [
  'issue', 'pull_request', 'branch', 'commit', 'repository', 'project', 'task', 'ticket', 'page', 'document', 'file',
  'folder', 'message', 'channel', 'thread', 'user', 'team', 'member', 'comment', 'label', 'milestone', 'release', 'deployment',
  'pipeline', 'job', 'build', 'incident', 'alert', 'metric', 'dashboard', 'log', 'event', 'invoice', 'customer', 'payment',
  'subscription', 'order', 'product', 'table', 'row', 'record', 'index', 'bucket', 'object', 'secret', 'webhook', 'workflow',
  'calendar_event', 'contact', 'note', 'snippet', 'image', 'video', 'playlist', 'container', 'pod', 'cluster', 'zone',
];
const QUALIFIERS = ['', '', '', 'by_id', 'details', 'batch', 'status', 'history', 'in_workspace', 'for_user', 'v2', 'by_name'];
const PHRASES = [
  'Returns the result as JSON.', 'Requires write access.', 'Supports pagination with a cursor.', 'Results are sorted by date.',
  'Only the fields you ask for are returned.', 'Fails if the item does not exist.', 'Use the id from a list call.',
  'Works across every workspace the token can see.', 'Archived items are skipped unless asked for.', '',
];
const PARAMS: [string, string][] = [
  ['id', 'Identifier of the item'], ['owner', 'Account or organization that owns it'], ['repo', 'Repository name'],
  ['project_id', 'Project identifier or path'], ['query', 'Search text'], ['limit', 'Maximum results to return'],
  ['cursor', 'Pagination cursor from the previous page'], ['title', 'Short title'], ['body', 'Markdown body text'],
  ['state', 'open, closed or all'], ['labels', 'Labels to apply'], ['assignee', 'User to assign'], ['since', 'ISO 8601 start time'],
  ['until', 'ISO 8601 end time'], ['channel', 'Channel id or name'], ['path', 'Path of the file or folder'], ['email', 'Email address'],
  ['amount', 'Amount in the smallest currency unit'], ['currency', 'Three-letter currency code'], ['region', 'Cloud region'],
  ['namespace', 'Kubernetes namespace'], ['sql', 'SQL statement to run'], ['url', 'Address of the page'], ['format', 'Output format'],
];

/** mulberry32: a tiny seeded generator, so every run builds the same catalog (the fuzz tests use it too). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const human = (identifier: string) => identifier.replace(/_/g, ' ');

export interface SyntheticServer {
  server: string;
  description: string;
  tools: CatalogTool[];
}

/** `count` tools in servers of about 25 tools each; the same `count` and `seed` always give the same catalog. */
export function syntheticCatalog(count: number, seed = 42): SyntheticServer[] {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const servers: SyntheticServer[] = [];
  let made = 0;
  for (let s = 0; made < count; s++) {
    const service = SERVICES[s % SERVICES.length] as string;
    const server = `${service.toLowerCase()}-${Math.floor(s / SERVICES.length) + 1}`;
    const tools: CatalogTool[] = [];
    const names = new Set<string>();
    const size = Math.min(count - made, 15 + Math.floor(next() * 21));
    while (tools.length < size) {
      const verb = pick(VERBS);
      const object = pick(OBJECTS);
      const qualifier = pick(QUALIFIERS);
      const name = [verb, object, qualifier].filter(Boolean).join('_');
      if (names.has(name)) continue;
      names.add(name);
      const properties: Record<string, unknown> = {};
      const paramCount = 1 + Math.floor(next() * 5);
      for (let p = 0; p < paramCount; p++) {
        const [param, text] = pick(PARAMS);
        properties[param] = { type: param === 'limit' || param === 'amount' ? 'number' : 'string', description: text };
      }
      const sentence = `${human(verb)[0]?.toUpperCase()}${human(verb).slice(1)} a ${human(object)}${qualifier ? ` (${human(qualifier)})` : ''} in ${service}.`;
      tools.push({ name, description: `${sentence} ${pick(PHRASES)}`.trim(), inputSchema: { type: 'object', properties, required: Object.keys(properties).slice(0, 1) } });
    }
    servers.push({ server, description: `${service} tools for agents.`, tools });
    made += tools.length;
  }
  return servers;
}

/** Queries of the kinds agents send, including a typo and a paraphrase or two, cycled by the benchmark. */
export const LATENCY_QUERIES: readonly string[] = [
  'create issue', 'open a pull request for my branch', 'list open tickets assigned to me', 'send a message to the team channel',
  'delete a file', 'search customers by email', 'get payment status', 'query the database table', 'upload a document to drive',
  'schedule a calendar event', 'restart the deployment', 'what is the p95 latency of checkout', 'summarize the incident',
  'archive old projects', 'export invoices as csv', 'merge the release branch', 'find users in the workspace',
  'crate an isue', 'serch messages', 'get pod logs in namespace', 'rename a folder', 'stop the running job',
  'show me recent alerts', 'copy a bucket object', 'add a label to the ticket', 'approve the merge request', 'share a snippet',
];
