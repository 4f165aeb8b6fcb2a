// Prints a meta-tool or downstream result for a person, or as JSON; an error result sets exit code 1.
import type { CallToolResult } from '@modelcontextprotocol/server';
import { markFailure, printError, printJson, printLine } from './cli-output.js';
import { hintForTerminal } from './cli-hints.js';

interface ErrorShape {
  error?: { code?: string; message?: string; hint?: string };
}

/** True when the result is an error (already printed to stderr, exit code set). */
export function reportError(result: CallToolResult, json: boolean): boolean {
  if (!result.isError) return false;
  markFailure();
  if (json) {
    printJson(result.structuredContent ?? result);
    return true;
  }
  const failure = (result.structuredContent as ErrorShape | undefined)?.error;
  if (failure?.message) {
    printError(`toolgate: ${failure.code ? `${failure.code}: ` : ''}${failure.message}`);
    if (failure.hint) printError(`  what to do: ${hintForTerminal(failure.hint)}`);
  } else {
    printError(`toolgate: the tool reported an error:\n${contentText(result)}`);
  }
  return true;
}

/** The readable part of a result: text blocks as they are, other blocks as a one-line note. */
export function contentText(result: CallToolResult): string {
  return result.content
    .map((block) => {
      if (block.type === 'text') return block.text;
      if (block.type === 'image' || block.type === 'audio')
        return `[${block.type} ${block.mimeType}, ${Math.round((block.data.length * 3) / 4)} bytes]`;
      if (block.type === 'resource') return `[resource ${block.resource.uri}]`;
      if (block.type === 'resource_link') return `[resource link ${block.uri}]`;
      return `[${(block as { type: string }).type}]`;
    })
    .join('\n');
}

export function printResult(result: CallToolResult, json: boolean): void {
  if (reportError(result, json)) return;
  if (json) return printJson(result);
  printLine(contentText(result));
}
