// Allow/deny decisions for servers and `server::tool` ids, with globs compiled once per policy.
import { compileGlob, toMatchSubject } from './glob-matcher.js';
import type { Decision, GlobRules, Policy } from './policy-types.js';

export interface ApprovalDecision {
  required: boolean;
  reason: string;
}

interface CompiledGlob {
  glob: string;
  re: RegExp;
}

interface CompiledRules {
  allow: CompiledGlob[] | undefined;
  deny: CompiledGlob[];
}

interface CompiledLayer {
  source: string;
  servers: CompiledRules;
  tools: CompiledRules;
  approval: CompiledGlob[];
}

interface CompiledPolicy {
  layers: CompiledLayer[];
  pinned: CompiledGlob[];
  /** The server part of each pinned glob; undefined for a glob without `::`. */
  pinnedServers: Array<RegExp | undefined>;
  // Search checks every catalog entry, so answers are remembered; the bound only guards against
  // a caller that feeds unbounded distinct names.
  serverDecisions: Map<string, Decision>;
  toolDecisions: Map<string, Decision>;
}

const MAX_CACHED_DECISIONS = 20_000;

const NO_RULE_DENIES: Decision = Object.freeze({ allowed: true, reason: 'allowed: no policy rule denies it' });

// A Policy is treated as immutable: a reload builds a new one, which gets its own compiled form.
const compiled = new WeakMap<Policy, CompiledPolicy>();

export function decideServer(policy: Policy, server: string): Decision {
  const state = compile(policy);
  return remember(state.serverDecisions, server, () => {
    const subject = toMatchSubject(server);
    return (
      denyBy(state, 'servers', subject) ??
      missAllow(state, 'servers', subject, server) ??
      allowedBy(state, 'servers', subject) ??
      NO_RULE_DENIES
    );
  });
}

/** Tool globs match `server::tool`; a server that is denied denies all of its tools. */
export function decideTool(policy: Policy, server: string, tool: string): Decision {
  const state = compile(policy);
  const id = `${server}::${tool}`;
  return remember(state.toolDecisions, id, () => {
    const serverSubject = toMatchSubject(server);
    const subject = toMatchSubject(id);
    // Every check must pass; the order only picks the reason, and a deny rule explains more than a missed allow.
    return (
      denyBy(state, 'servers', serverSubject) ??
      denyBy(state, 'tools', subject) ??
      missAllow(state, 'servers', serverSubject, server) ??
      missAllow(state, 'tools', subject, id) ??
      allowedBy(state, 'tools', subject) ??
      allowedBy(state, 'servers', serverSubject) ??
      NO_RULE_DENIES
    );
  });
}

/**
 * A prompt, resource or completion target of a server (flat exposure): the server rules, and the `tools.deny`
 * globs over `server::name` (a prompt's name, a resource's URI). `tools.allow` lists tools, so it does not apply.
 */
export function decideNamed(policy: Policy, server: string, name: string): Decision {
  const state = compile(policy);
  const id = `${server}::${name}`;
  return remember(state.toolDecisions, `named\u0000${id}`, () => {
    const serverSubject = toMatchSubject(server);
    return (
      denyBy(state, 'servers', serverSubject) ??
      denyBy(state, 'tools', toMatchSubject(id)) ??
      missAllow(state, 'servers', serverSubject, server) ??
      allowedBy(state, 'servers', serverSubject) ??
      NO_RULE_DENIES
    );
  });
}

/** Whether a call needs the user's approval first (policy `approval` globs over `server::tool`). */
export function requiresApproval(policy: Policy, server: string, tool: string): ApprovalDecision {
  const subject = toMatchSubject(`${server}::${tool}`);
  for (const layer of compile(policy).layers) {
    const hit = layer.approval.find((glob) => glob.re.test(subject));
    if (hit !== undefined)
      return { required: true, reason: `approval required by approval "${hit.glob}" in ${layer.source}` };
  }
  return { required: false, reason: 'no approval rule matches' };
}

/** Whether hybrid exposure lists this tool directly (policy `pinned` globs over `server::tool`). */
export function isPinned(policy: Policy, server: string, tool: string): boolean {
  const subject = toMatchSubject(`${server}::${tool}`);
  return compile(policy).pinned.some((glob) => glob.re.test(subject));
}

/** Whether any `pinned` glob could match a tool of this server (its part before `::`; a glob without `::` could match any). */
export function mayHavePinnedTools(policy: Policy, server: string): boolean {
  const subject = toMatchSubject(server);
  return compile(policy).pinnedServers.some((re) => re === undefined || re.test(subject));
}

type RuleKind = 'servers' | 'tools';

function denyBy(state: CompiledPolicy, kind: RuleKind, subject: string): Decision | undefined {
  for (const layer of state.layers) {
    const hit = layer[kind].deny.find((glob) => glob.re.test(subject));
    if (hit !== undefined) return { allowed: false, reason: `denied by ${kind}.deny "${hit.glob}" in ${layer.source}` };
  }
  return undefined;
}

function missAllow(state: CompiledPolicy, kind: RuleKind, subject: string, name: string): Decision | undefined {
  for (const layer of state.layers) {
    const allow = layer[kind].allow;
    if (allow !== undefined && !allow.some((glob) => glob.re.test(subject))) {
      return { allowed: false, reason: `denied: "${name}" matches no glob of ${kind}.allow in ${layer.source}` };
    }
  }
  return undefined;
}

function allowedBy(state: CompiledPolicy, kind: RuleKind, subject: string): Decision | undefined {
  // The closest file with an allow list is the most telling one to name.
  for (let index = state.layers.length - 1; index >= 0; index -= 1) {
    const layer = state.layers[index];
    const hit = layer?.[kind].allow?.find((glob) => glob.re.test(subject));
    if (layer !== undefined && hit !== undefined) {
      return { allowed: true, reason: `allowed by ${kind}.allow "${hit.glob}" in ${layer.source}` };
    }
  }
  return undefined;
}

function remember(cache: Map<string, Decision>, key: string, decide: () => Decision): Decision {
  const known = cache.get(key);
  if (known !== undefined) return known;
  // Frozen because the same object is handed to every caller that asks again.
  const decision = Object.freeze(decide());
  if (cache.size >= MAX_CACHED_DECISIONS) cache.clear();
  cache.set(key, decision);
  return decision;
}

function compile(policy: Policy): CompiledPolicy {
  let state = compiled.get(policy);
  if (state === undefined) {
    state = {
      layers: policy.layers.map((layer) => ({
        source: layer.source,
        servers: compileRules(layer.servers),
        tools: compileRules(layer.tools),
        approval: compileGlobs(layer.approval),
      })),
      pinned: compileGlobs(policy.pinned),
      // A brace list (`{a::x,b::y}`) spans servers: it could reach any.
      pinnedServers: policy.pinned.map((glob) =>
        glob.includes('::') && !glob.includes('{') ? compileGlob(glob.slice(0, glob.indexOf('::'))) : undefined,
      ),
      serverDecisions: new Map(),
      toolDecisions: new Map(),
    };
    compiled.set(policy, state);
  }
  return state;
}

function compileRules(rules: GlobRules): CompiledRules {
  return { allow: rules.allow === undefined ? undefined : compileGlobs(rules.allow), deny: compileGlobs(rules.deny) };
}

function compileGlobs(globs: readonly string[]): CompiledGlob[] {
  return globs.map((glob) => ({ glob, re: compileGlob(glob) }));
}
