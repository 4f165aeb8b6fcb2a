// Reads a JSON text through a schema: the one way a stored file becomes typed data, or nothing.
import type { z } from 'zod';

/** The text parsed and checked by `schema`; undefined when it is not JSON or does not match. */
export function parseJsonWith<S extends z.ZodType>(schema: S, text: string): z.infer<S> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
