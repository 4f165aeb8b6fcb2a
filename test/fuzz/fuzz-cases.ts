// The meta-tool fuzzer shared by the stdio end-to-end run and the in-process run: seeded random and malformed
// calls, each with the answer it must get. Seeded, so a failure reproduces: FUZZ_SEED=<n> npx vitest run test/fuzz
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/client';
import type { Client, CallToolResult } from '@modelcontextprotocol/client';
import { expect } from 'vitest';
import { seededRandom } from '../../bench/search/synthetic-catalog.js';
import { ERROR_CODES } from '../../src/errors/index.js';

export const SEED = Number(process.env.FUZZ_SEED ?? 0x70019a7e);
export const CALLS = 1_200;
const CONCURRENCY = 8;
/** Terminal escapes (OSC 52 clipboard write, line erase, C1 CSI), quotes and backslashes. */
const ESCAPES = ['\u001b]52;c;cHduZWQ=\u0007', '\u001b[2K\r', '\u009b31m', '\r\n', '"\\', '\\u0000'];

export type Expect = (answer: Answer) => void;
export type Answer = { result: CallToolResult } | { protocolError: ProtocolError };
export interface Case {
  name: string;
  args: unknown;
  expect?: Expect;
}

const KNOWN = ['catalog_search', 'describe', 'invoke', 'health', 'list_pending', 'cancel', 'refresh'];
const SAFE_TOOL_IDS = ['many::echo', 'many::add', 'echo::echo', 'many::get_weather'];
const HOSTILE_STRINGS = [
  '',
  ' ',
  '::',
  'a::',
  '::b',
  '../../etc/passwd',
  '/etc/shadow',
  'C:\\Windows\\system32',
  'many::../../echo',
  'many::echo::extra',
  '__proto__',
  'constructor',
  'prototype',
  '__proto__::polluted',
  'toString::valueOf',
  '\u0000',
  '\u202e',
  '😀::🔥',
  '%00',
  '${HOME}',
  'gateway.invoke',
  ...ESCAPES,
];

export function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function errorCode(answer: Answer): string | undefined {
  if (!('result' in answer)) return undefined;
  return (answer.result.structuredContent as { error?: { code?: string } } | undefined)?.error?.code;
}

/**
 * One case. `invokeShare`: the share of cases that are well-formed gateway.invoke calls (so they reach the gates and
 * the audit log) to real, unknown or hostile tool ids with hostile arguments; 0 leaves the cases of a seed as they were.
 */
export function buildCase(random: () => number, invokeShare = 0): Case {
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const string = (): string => {
    switch (int(6)) {
      case 0:
        return pick(HOSTILE_STRINGS);
      case 1:
        return 'x'.repeat(pick([1_000, 100_000, 1_000_000]));
      case 2:
        return Array.from({ length: int(40) }, () => String.fromCharCode(int(0xd7ff))).join('');
      case 3:
        return pick(SAFE_TOOL_IDS);
      default:
        return `w${int(1e9).toString(36)}`;
    }
  };
  const value = (depth = 0): unknown => {
    switch (int(depth > 3 ? 5 : 8)) {
      case 0:
        return null;
      case 1:
        return random() < 0.5;
      case 2:
        return pick([0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MAX_SAFE_INTEGER + 2]);
      case 3:
      case 4:
        return string();
      case 5:
        return Array.from({ length: int(5) }, () => value(depth + 1));
      case 6:
        return deep(pick([10, 200, 2_000]));
      default:
        return object(depth + 1);
    }
  };
  const object = (depth = 0): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (let i = int(5); i > 0; i--)
      out[pick([...HOSTILE_STRINGS, 'query', 'tool_id', 'limit', 'arguments', 'id', 'text'])] = value(depth);
    // A real own "__proto__" key, as JSON.parse makes it on the gateway side.
    if (random() < 0.3)
      Object.defineProperty(out, '__proto__', {
        value: { polluted: true, isAdmin: true },
        enumerable: true,
        configurable: true,
        writable: true,
      });
    return out;
  };
  const deep = (levels: number): unknown => {
    let inner: unknown = 'bottom';
    for (let i = 0; i < levels; i++) inner = random() < 0.5 ? { nested: inner } : [inner];
    return inner;
  };

  if (invokeShare > 0 && random() < invokeShare) {
    const toolId = random() < 0.6 ? pick(SAFE_TOOL_IDS) : pick(HOSTILE_STRINGS);
    return {
      name: random() < 0.5 ? 'gateway_invoke' : 'gateway.invoke',
      args: { tool_id: toolId, arguments: object() },
    };
  }
  const kind = int(10);
  if (kind === 0) {
    // Unknown or path-like meta-tool names.
    const name = pick([
      'gateway_nope',
      'gateway.',
      '../../gateway_invoke',
      'gateway_invoke/../health',
      '__proto__',
      `gateway_${'a'.repeat(300)}`,
      'invoke',
      'gateway__invoke',
    ]);
    return { name, args: object(), expect: (answer) => expect(errorCode(answer)).toBe('TOOL_NOT_FOUND') };
  }
  const tool = pick(KNOWN);
  const name = random() < 0.5 ? `gateway_${tool}` : `gateway.${tool}`;
  // A valid refresh reloads every config file and index (seconds, not the point here): only malformed ones.
  if (tool === 'refresh')
    return {
      name,
      args: { ...object(), force: pick(['no', 1, null]) },
      expect: (answer) => expect(errorCode(answer)).toBe('INVALID_ARGUMENTS'),
    };
  if (kind === 1) return { name, args: value() };
  if (kind === 2) {
    // The right keys with wrong types.
    const wrong = pick([42, true, null, [], { a: 1 }, deep(50)]);
    const shapes: Record<string, Record<string, unknown>> = {
      catalog_search: { query: wrong },
      describe: { tool_id: wrong },
      invoke: { tool_id: 'many::echo', timeout_ms: pick(['soon', -5, 1.5, 0]) },
      health: { unexpected: wrong },
      list_pending: { session: wrong },
      cancel: { id: wrong },
    };
    return { name, args: shapes[tool], expect: (answer) => expect(errorCode(answer)).toBe('INVALID_ARGUMENTS') };
  }
  if (kind === 3 && tool === 'invoke') {
    // Real tools, random arguments: validated against the tool's schema before anything runs.
    return { name, args: { tool_id: pick(SAFE_TOOL_IDS), arguments: object() } };
  }
  if (kind === 4) {
    const id = pick(HOSTILE_STRINGS.filter((s) => s.length <= 60));
    const byTool: Record<string, unknown> = {
      describe: { tool_id: id },
      invoke: { tool_id: id },
      cancel: { id },
      catalog_search: { query: id, server: pick(HOSTILE_STRINGS.filter((s) => s.length <= 60)) },
    };
    const args = byTool[tool] ?? {};
    const expected: Record<string, readonly string[]> = {
      describe: ['TOOL_NOT_FOUND', 'SERVER_NOT_FOUND'],
      invoke: ['TOOL_NOT_FOUND', 'SERVER_NOT_FOUND', 'INVALID_ARGUMENTS'],
      cancel: ['CALL_NOT_FOUND'],
    };
    const allowed = expected[tool];
    return {
      name,
      args,
      ...(allowed ? { expect: (answer: Answer) => expect(allowed).toContain(errorCode(answer)) } : {}),
    };
  }
  return { name, args: object() };
}

/** `count` cases of `seed` (default: the CALLS cases of SEED), always the same ones. */
export function fuzzCases(seed = SEED, count = CALLS, invokeShare = 0): Case[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => buildCase(random, invokeShare));
}

export interface FuzzRun {
  /** Default SEED and CALLS. */
  seed?: number;
  count?: number;
  /** See buildCase (default 0). */
  invokeShare?: number;
  /** Calls in flight at once (default 8). */
  concurrency?: number;
}

/** Sends the seeded cases through `client`, a batch at a time, checks every answer; returns the count per outcome. */
export async function runFuzz(
  client: Client,
  afterBatch?: (done: number) => void,
  run: FuzzRun = {},
): Promise<Map<string, number>> {
  const seed = run.seed ?? SEED;
  const cases = fuzzCases(seed, run.count ?? CALLS, run.invokeShare ?? 0);
  const concurrency = run.concurrency ?? CONCURRENCY;
  const codes = new Map<string, number>();
  for (let i = 0; i < cases.length; i += concurrency) {
    const batch = cases.slice(i, i + concurrency);
    const answers = await Promise.all(
      batch.map(async (c): Promise<Answer> => {
        try {
          return {
            result: (await client.callTool(
              { name: c.name, arguments: c.args as Record<string, unknown> },
              {
                timeout: 20_000,
              },
            )) as CallToolResult,
          };
        } catch (error) {
          if (error instanceof ProtocolError) return { protocolError: error };
          throw error;
        }
      }),
    );
    answers.forEach((answer, j) => {
      const c = batch[j] as Case;
      const context = `case ${i + j} (seed ${seed}): ${c.name} ${JSON.stringify(c.args)?.slice(0, 200)}`;
      if ('protocolError' in answer) {
        // Only a request the MCP schema itself refuses (arguments that are not an object) may end as a JSON-RPC
        // error. The SDK server answers those with -32603 and its zod issues, before toolgate sees the call.
        expect(isPlainObject(c.args), context).toBe(false);
        expect([ProtocolErrorCode.InvalidParams, ProtocolErrorCode.InternalError], context).toContain(
          answer.protocolError.code,
        );
        expect(answer.protocolError.message, context).toContain('arguments');
        codes.set('-32602', (codes.get('-32602') ?? 0) + 1);
        return;
      }
      const { result } = answer;
      expect(Array.isArray(result.content), context).toBe(true);
      if (result.isError) {
        const error = (result.structuredContent as { error: { code: string; message: string } }).error;
        expect(ERROR_CODES, context).toContain(error.code);
        expect(error.code, context).not.toBe('INTERNAL');
        expect(error.message.length, context).toBeGreaterThan(0);
        codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
      } else codes.set('ok', (codes.get('ok') ?? 0) + 1);
      c.expect?.(answer);
    });
    afterBatch?.(i);
  }
  return codes;
}
