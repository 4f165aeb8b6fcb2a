// How deep JSON from outside may nest, and the cut that enforces it: all of it without recursion, so no depth overflows the stack here.

/**
 * Containers (objects and arrays) one JSON-RPC message may nest, envelope included. Far above any real tool
 * call or schema, far below the ~2,000-5,000 levels where recursive walkers (JSON.stringify, zod, redaction,
 * structuredClone) overflow the stack.
 */
export const MAX_JSON_DEPTH = 100;

/**
 * What stands where a cut message held containers past MAX_JSON_DEPTH. A string, so that a cut message keeps
 * its depth within the limit and its mark through JSON (the attach bridge relays it) and zod copies. A client
 * that sends this text itself only gets its own call refused.
 */
export const CUT_JSON = `[cut by toolgate: nested deeper than ${MAX_JSON_DEPTH} levels (MAX_JSON_DEPTH)]`;

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** The children of a container, for the walks below (own enumerable values, as JSON has them). */
function childrenOf(value: object): unknown[] {
  return Array.isArray(value) ? value : Object.values(value);
}

/** True when containers nest more than `max` deep (the top container is level 1). Stops at the first such path. */
export function exceedsJsonDepth(value: unknown, max = MAX_JSON_DEPTH): boolean {
  if (!isContainer(value)) return false;
  const stack: Array<[object, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [container, depth] = stack.pop()!;
    if (depth > max) return true;
    for (const child of childrenOf(container)) if (isContainer(child)) stack.push([child, depth + 1]);
  }
  return false;
}

/** A copy of `value` with every container past level `max` replaced by CUT_JSON. */
export function cutJson(value: unknown, max = MAX_JSON_DEPTH): unknown {
  if (!isContainer(value)) return value;
  const root = { value: undefined as unknown };
  // Each entry: a source container, its level, and the slot its copy fills.
  const stack: Array<{ source: object; depth: number; into: object; key: string }> = [
    { source: value, depth: 1, into: root, key: 'value' },
  ];
  while (stack.length > 0) {
    const { source, depth, into, key } = stack.pop()!;
    if (depth > max) {
      setOwn(into, key, CUT_JSON);
      continue;
    }
    const copy: object = Array.isArray(source) ? [] : {};
    setOwn(into, key, copy);
    for (const [childKey, child] of Object.entries(source)) {
      // Set now, filled when popped: keys keep their order.
      setOwn(copy, childKey, child);
      if (isContainer(child)) stack.push({ source: child, depth: depth + 1, into: copy, key: childKey });
    }
  }
  return root.value;
}

/** An own enumerable property: a "__proto__" key from JSON.parse stays a plain key of the copy, never its prototype. */
function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** True when `value` holds a part the edge cut (CUT_JSON), or nests past `max` itself (a caller that skipped the edge). */
export function holdsCutJson(value: unknown, max = MAX_JSON_DEPTH): boolean {
  if (!isContainer(value)) return value === CUT_JSON;
  const stack: Array<[object, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [container, depth] = stack.pop()!;
    if (depth > max) return true;
    for (const child of childrenOf(container)) {
      if (child === CUT_JSON) return true;
      if (isContainer(child)) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** The sentence every refusal uses: the limit, and what to do. */
export function tooDeepText(what: string): string {
  return `${what} nests JSON deeper than ${MAX_JSON_DEPTH} levels (MAX_JSON_DEPTH), so toolgate did not pass it on. Send flatter data: nest objects and arrays at most ${MAX_JSON_DEPTH} levels deep, the message envelope included.`;
}
