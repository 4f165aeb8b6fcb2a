// What of a tool and its server goes into which search field.

export interface CatalogTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

/** What is known about a server beyond its tools (from its config entry or the manifest). */
export interface ServerFacts {
  description?: string;
  /** The manifest's category, e.g. "version-control". */
  category?: string;
  /** The manifest's keywords, e.g. ["git", "pull request"]. */
  keywords?: readonly string[];
}

/** A server's own facts with facts from elsewhere: its description first, category and keywords as fallback. */
export function withServerContext(facts: ServerFacts, context: ServerFacts): ServerFacts {
  const description = [facts.description, context.description].filter(Boolean).join(' ');
  return {
    ...(description ? { description } : {}),
    ...((facts.category ?? context.category) ? { category: facts.category ?? context.category } : {}),
    ...((facts.keywords ?? context.keywords) ? { keywords: facts.keywords ?? context.keywords } : {}),
  };
}

export function sameFacts(a: ServerFacts | undefined, b: ServerFacts | undefined): boolean {
  return (
    a === b ||
    (a !== undefined &&
      b !== undefined &&
      a.description === b.description &&
      a.category === b.category &&
      a.keywords?.join('\n') === b.keywords?.join('\n'))
  );
}

export interface ToolDocument {
  id: string;
  name: string;
  title: string;
  description: string;
  params: string;
  server: string;
  context: string;
  /** Words searches used before this tool was invoked (learned from use; empty when none). */
  learned: string;
}

export const DOCUMENT_FIELDS = ['name', 'title', 'description', 'params', 'server', 'context', 'learned'] as const;

export function toDocument(
  id: string,
  server: string,
  tool: CatalogTool,
  facts: ServerFacts,
  withContext: boolean,
  learned: readonly string[] = [],
): ToolDocument {
  return {
    id,
    name: tool.name,
    title: tool.title ?? '',
    description: tool.description ?? '',
    params: describeParams(tool.inputSchema),
    server,
    context: withContext
      ? [facts.description, facts.category, ...(facts.keywords ?? [])].filter(Boolean).join(' ')
      : '',
    learned: learned.join(' '),
  };
}

/** Parameter names and their descriptions, one level deep: enough to match "by city" or "with labels". */
function describeParams(schema: Record<string, unknown> | undefined): string {
  const properties = schema?.properties;
  if (typeof properties !== 'object' || properties === null) return '';
  const parts: string[] = [];
  for (const [name, value] of Object.entries(properties as Record<string, unknown>)) {
    parts.push(name);
    const description = (value as { description?: unknown } | null)?.description;
    if (typeof description === 'string') parts.push(description);
  }
  return parts.join(' ');
}
