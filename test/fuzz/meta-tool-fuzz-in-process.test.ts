// The meta-tool fuzz cases again, through the real composition root in this process (real fixture servers as
// child processes, messages JSON-serialized on the way in as on the wire), so that what the subprocess run
// cannot see is checked here: no built-in prototype gained, lost or changed a property along the way.
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayApp, type GatewayApp } from '../../src/app/create-gateway-app.js';
import { createSessionServer } from '../../src/upstream/session-server.js';
import { createSandbox, fixture, gatewayEnv, writeProjectConfig, type Sandbox } from '../support/gateway-process.js';
import { CALLS, SEED, fuzzCases, runFuzz } from './fuzz-cases.js';

const PROTOTYPES: Record<string, object> = {
  Object: Object.prototype,
  Array: Array.prototype,
  Function: Function.prototype,
  String: String.prototype,
  Number: Number.prototype,
  Boolean: Boolean.prototype,
  RegExp: RegExp.prototype,
  Promise: Promise.prototype,
  Map: Map.prototype,
  Set: Set.prototype,
  Error: Error.prototype,
};

/** Every own property of every built-in prototype above, with what it holds (identity, not shape). */
function snapshotPrototypes(): Map<string, unknown> {
  const snapshot = new Map<string, unknown>();
  for (const [name, proto] of Object.entries(PROTOTYPES)) {
    snapshot.set(`${name}.[[Prototype]]`, Object.getPrototypeOf(proto));
    for (const key of Reflect.ownKeys(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, key);
      snapshot.set(
        `${name}.${String(key)}`,
        descriptor && ('value' in descriptor ? descriptor.value : [descriptor.get, descriptor.set]),
      );
    }
  }
  return snapshot;
}

/** What changed between two snapshots: added, removed or replaced properties. */
function prototypeChanges(before: Map<string, unknown>, after: Map<string, unknown>): string[] {
  const changes: string[] = [];
  for (const [key, value] of after) {
    if (!before.has(key)) changes.push(`added ${key}`);
    else {
      const old = before.get(key);
      const same =
        Array.isArray(old) && Array.isArray(value) ? old[0] === value[0] && old[1] === value[1] : Object.is(old, value);
      if (!same) changes.push(`replaced ${key}`);
    }
  }
  for (const key of before.keys()) if (!after.has(key)) changes.push(`removed ${key}`);
  return changes;
}

describe('meta-tool fuzzing in-process', () => {
  let sandbox: Sandbox;
  let app: GatewayApp;
  let client: Client;
  let before: Map<string, unknown>;

  beforeAll(async () => {
    before = snapshotPrototypes();
    sandbox = createSandbox();
    writeProjectConfig(sandbox, { many: fixture('many-tools-server.mjs'), echo: fixture('echo-server.mjs') });
    app = await createGatewayApp({
      env: gatewayEnv(sandbox),
      cwd: sandbox.project,
      homeDir: sandbox.home,
      nameStyle: 'underscore',
      transport: 'stdio',
      selfScripts: [],
      takeLock: false,
    });
    const server = createSessionServer({
      metaTools: app.metaTools,
      nameStyle: 'underscore',
      serverInfo: { name: 'toolgate', version: '0' },
      sessionId: 'fuzz',
      logger: app.logger,
      ledger: app.ledger,
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    // As on the wire: the gateway gets freshly parsed JSON (own "__proto__" keys included), never our objects.
    const send = clientSide.send.bind(clientSide);
    clientSide.send = (message, options) => send(JSON.parse(JSON.stringify(message)) as typeof message, options);
    await server.connect(serverSide);
    client = new Client({ name: 'fuzzer', version: '1' });
    await client.connect(clientSide);
  });
  afterAll(async () => {
    await client?.close();
    await app?.close();
    sandbox?.remove();
  });

  it('the prototype check itself notices a polluted prototype', () => {
    const clean = snapshotPrototypes();
    (Object.prototype as Record<string, unknown>).polluted = true;
    try {
      expect(prototypeChanges(clean, snapshotPrototypes())).toEqual(['added Object.polluted']);
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
    expect(prototypeChanges(clean, snapshotPrototypes())).toEqual([]);
  });

  it(`answers ${CALLS} random and malformed calls correctly and leaves every built-in prototype as it was (seed ${SEED})`, async () => {
    // The cases do carry the payload: own "__proto__" keys holding { polluted, isAdmin }, at every depth.
    expect(
      fuzzCases().filter((c) => JSON.stringify(c.args)?.includes('"__proto__":{"polluted":true')).length,
    ).toBeGreaterThan(200);
    const codes = await runFuzz(client);
    expect(codes.get('INVALID_ARGUMENTS')).toBeGreaterThan(100);
    expect(prototypeChanges(before, snapshotPrototypes())).toEqual([]);
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
    // And the engine still works after it all.
    const result = await client.callTool({
      name: 'gateway_invoke',
      arguments: { tool_id: 'echo::echo', arguments: { text: 'after fuzz' } },
    });
    expect(result.content).toEqual([{ type: 'text', text: 'after fuzz' }]);
  });
});
