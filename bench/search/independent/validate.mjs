#!/usr/bin/env node
// Checks the frozen independent search evaluation set (issue 15, deliverable 7).
// Usage: node bench/search/independent/validate.mjs   (exit 1 on any problem)
import { readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const problems = [];
const bad = (msg) => problems.push(msg);

// ---- sources: the tools' own documentation
const tools = new Map(); // id -> { name, description }
const snapshotServers = new Set();
for (const f of readdirSync(join(root, 'manifest', 'tools')).filter((f) => f.endsWith('.json'))) {
  const j = JSON.parse(readFileSync(join(root, 'manifest', 'tools', f), 'utf8'));
  snapshotServers.add(j.server);
  for (const t of j.tools) tools.set(`${j.server}::${t.name}`, t);
}
const manifest = YAML.parse(readFileSync(join(root, 'manifest', 'servers.yaml'), 'utf8'));
const manifestNames = new Set(manifest.servers.map((s) => s.name));

// ---- catalog
const catalogText = readFileSync(join(here, 'catalog.yaml'), 'utf8');
const catalog = YAML.parse(catalogText);
const configured = new Set();
for (const c of catalog.configured ?? []) {
  if (!manifestNames.has(c.name)) bad(`configured server ${c.name} is not in manifest/servers.yaml`);
  if (!snapshotServers.has(c.name)) bad(`configured server ${c.name} has no snapshot in manifest/tools`);
  if (configured.has(c.name)) bad(`configured server ${c.name} listed twice`);
  configured.add(c.name);
}
if (configured.size < 20 || configured.size > 40) bad(`configured servers: ${configured.size}, expected 20-40`);
for (const o of catalog.overlaps ?? []) {
  if (!configured.has(o.configured)) bad(`overlap: ${o.configured} is not configured`);
  for (const u of o.uninstalled) if (!manifestNames.has(u) || configured.has(u)) bad(`overlap: ${u} is not an uninstalled manifest server`);
}

// ---- paraphrase rule: no content word shared with any expected tool's name or description
const STOP = new Set(`a about above after again against all am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out over own same she should so some such than that the their theirs them themselves then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours yourself yourselves s t don`.split(/\s+/));
function stem(w) {
  if (w.length > 4 && w.endsWith('ies')) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 5 && w.endsWith('ion')) w = w.slice(0, -3);
  else if (w.length > 5 && w.endsWith('er')) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith('ly')) w = w.slice(0, -2);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  if (w.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(w)) w = w.slice(0, -1);
  return w;
}
function words(text) {
  return String(text ?? '')
    .replace(/([a-z])([A-Z])/g, '$1 $2') // split camelCase tool names too
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w && !STOP.has(w))
    .map(stem)
    .filter((w) => w.length > 1 && !STOP.has(w));
}

// ---- queries
const queriesText = readFileSync(join(here, 'queries.yaml'), 'utf8');
const queries = YAML.parse(queriesText);
const KINDS = ['direct', 'paraphrase', 'ambiguous', 'typo', 'installed-over-uninstalled'];
const SPLITS = ['dev', 'held-out'];
if (!Array.isArray(queries)) bad('queries.yaml is not a list');
if (queries.length < 300) bad(`only ${queries.length} queries (need at least 300)`);
const seen = new Set();
const lastSplit = {};
const counts = {};
let configuredTargets = 0;
queries.forEach((x, i) => {
  const at = `query ${i + 1} (${JSON.stringify(x?.q)})`;
  if (typeof x?.q !== 'string' || !x.q.trim()) return bad(`${at}: empty q`);
  if (seen.has(x.q.toLowerCase())) bad(`${at}: duplicate query`);
  seen.add(x.q.toLowerCase());
  if (!KINDS.includes(x.kind)) bad(`${at}: bad kind ${x.kind}`);
  if (!SPLITS.includes(x.split)) bad(`${at}: bad split ${x.split}`);
  if (lastSplit[x.kind] !== undefined && lastSplit[x.kind] === x.split) bad(`${at}: split does not alternate within kind ${x.kind}`);
  lastSplit[x.kind] = x.split;
  counts[`${x.kind}/${x.split}`] = (counts[`${x.kind}/${x.split}`] ?? 0) + 1;
  if (!Array.isArray(x.expect) || x.expect.length === 0) return bad(`${at}: empty expect`);
  if (new Set(x.expect).size !== x.expect.length) bad(`${at}: duplicate ids in expect`);
  for (const id of x.expect) if (!tools.has(id)) bad(`${at}: expected id ${id} does not exist in manifest/tools`);
  const isConf = x.expect.map((id) => configured.has(id.split('::')[0]));
  if (isConf.some(Boolean)) configuredTargets++;
  if (x.kind === 'ambiguous' && isConf.some(Boolean) && !isConf.every(Boolean))
    bad(`${at}: ambiguous query mixes configured and uninstalled expected tools`);
  if (x.kind === 'installed-over-uninstalled') {
    if (!isConf.every(Boolean)) bad(`${at}: installed-over-uninstalled expects a tool of an uninstalled server`);
    if (!Array.isArray(x.uninstalled_alt) || x.uninstalled_alt.length === 0) bad(`${at}: no uninstalled_alt`);
    for (const a of x.uninstalled_alt ?? []) {
      if (a.startsWith('server:')) {
        const s = a.slice(7);
        if (!manifestNames.has(s) || configured.has(s)) bad(`${at}: ${a} is not an uninstalled manifest server`);
      } else if (!tools.has(a) || configured.has(a.split('::')[0])) bad(`${at}: ${a} is not an uninstalled server's tool`);
    }
  } else if (x.uninstalled_alt) bad(`${at}: uninstalled_alt only belongs to installed-over-uninstalled`);
  if (x.kind === 'paraphrase') {
    const qw = new Set(words(x.q));
    for (const id of x.expect) {
      const t = tools.get(id);
      if (!t) continue;
      const shared = [...new Set(words(`${t.name} ${t.description ?? ''}`))].filter((w) => qw.has(w));
      if (shared.length) bad(`${at}: paraphrase shares ${shared.join(', ')} with ${id}`);
    }
  }
});

// ---- sha256s recorded in FROZEN.md
const sha = (s) => createHash('sha256').update(s).digest('hex');
let frozen = '';
try { frozen = readFileSync(join(here, 'FROZEN.md'), 'utf8'); } catch { bad('FROZEN.md missing'); }
for (const [file, text] of [['queries.yaml', queriesText], ['catalog.yaml', catalogText]]) {
  const m = frozen.match(new RegExp(`sha256\\(${file.replace('.', '\\.')}\\)\\s*=\\s*([0-9a-f]{64})`));
  if (!m) bad(`FROZEN.md records no sha256(${file})`);
  else if (m[1] !== sha(text)) bad(`${file} changed since it was frozen: sha256 ${sha(text)} != ${m[1]}`);
}

const total = queries.length;
console.log(`${total} queries, ${configured.size} configured servers, ${configuredTargets} queries (${((100 * configuredTargets) / total).toFixed(1)}%) expect a configured server's tool`);
console.log(Object.entries(counts).sort().map(([k, v]) => `  ${k}: ${v}`).join('\n'));
if (problems.length) {
  console.error(`\n${problems.length} problem(s):\n- ` + problems.join('\n- '));
  process.exit(1);
}
console.log('ok');
