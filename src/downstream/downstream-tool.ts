// The normalized shape of a downstream tool, and the repairs applied to what real servers send.
import { z } from 'zod';

export type JsonObject = Record<string, unknown>;

export interface DownstreamTool {
  name: string;
  title?: string;
  description?: string;
  /** Always an object schema with `type: "object"` (repaired if the server left it out). */
  inputSchema: JsonObject;
  outputSchema?: JsonObject;
  annotations?: JsonObject;
}

/** A tool name longer than this, or with control characters, is dropped from the list (logged). */
export const MAX_TOOL_NAME_LENGTH = 128;

/** Deliberately loose: one server's odd tool must not cost us the whole list. */
export const LenientListToolsResultSchema = z.looseObject({
  tools: z.array(z.unknown()),
  nextCursor: z.string().optional(),
});

/**
 * The envelope of a tools/call result, the schema `client.request` needs on receipt. Deliberately shallow:
 * the one full check is validateCallResult (call-result.ts), which runs right after it and names the first
 * bad field; a deep parse here would reject the same result first with a bare schema error.
 */
export const CallToolEnvelopeSchema = z.looseObject({
  content: z.array(z.looseObject({ type: z.string() })).default([]),
  structuredContent: z.record(z.string(), z.unknown()).optional(),
  isError: z.boolean().optional(),
});

export interface NormalizeOutcome {
  tools: DownstreamTool[];
  /** Human-readable notes on what was repaired or dropped. */
  notes: string[];
}

export function normalizeTools(raw: unknown[]): NormalizeOutcome {
  const tools: DownstreamTool[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const [index, item] of raw.entries()) {
    if (!isObject(item) || typeof item.name !== 'string' || !isValidToolName(item.name)) {
      notes.push(
        `dropped tools[${index}]: expected an object with a printable "name" of 1-${MAX_TOOL_NAME_LENGTH} characters`,
      );
      continue;
    }
    if (seen.has(item.name)) {
      notes.push(`dropped duplicate tool "${item.name}"`);
      continue;
    }
    seen.add(item.name);
    const inputSchema = normalizeObjectSchema(item.inputSchema, () =>
      notes.push(`repaired inputSchema of "${item.name}" (added "type": "object")`),
    );
    const tool: DownstreamTool = { name: item.name, inputSchema };
    if (typeof item.title === 'string') tool.title = item.title;
    if (typeof item.description === 'string') tool.description = item.description;
    if (isObject(item.outputSchema)) tool.outputSchema = item.outputSchema;
    if (isObject(item.annotations)) {
      tool.annotations = item.annotations;
      if (tool.title === undefined && typeof item.annotations.title === 'string') tool.title = item.annotations.title;
    }
    tools.push(tool);
  }
  return { tools, notes };
}

function normalizeObjectSchema(schema: unknown, onRepair: () => void): JsonObject {
  if (!isObject(schema)) {
    onRepair();
    return { type: 'object' };
  }
  if (schema.type === 'object') return schema;
  onRepair();
  return { ...schema, type: 'object' };
}

function isValidToolName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name.length > 0 && name.length <= MAX_TOOL_NAME_LENGTH && !/[\u0000-\u001f\u007f]/.test(name);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
