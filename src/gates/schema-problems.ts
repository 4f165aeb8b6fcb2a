// Turns Ajv's errors into a short list of fields and what is wrong with each.
import { joinField, pointerToField, type ErrorObject } from './schema-compiler.js';

export interface FieldProblem {
  field: string;
  problem: string;
}

/** At most this many field problems are listed; the schema is attached anyway. */
export const MAX_FIELD_PROBLEMS = 20;

export function describeErrors(errors: ErrorObject[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const problem = describeError(error);
    const key = `${problem.field}|${problem.problem}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
    if (problems.length >= MAX_FIELD_PROBLEMS) break;
  }
  return problems;
}

function describeError(error: ErrorObject): FieldProblem {
  const base = pointerToField(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { field: joinField(base, String(params.missingProperty)), problem: 'is required' };
    case 'additionalProperties':
      return { field: joinField(base, String(params.additionalProperty)), problem: 'is not an allowed property' };
    case 'type':
      return { field: base || '(arguments)', problem: `must be ${String(params.type)}` };
    case 'enum':
      return { field: base || '(arguments)', problem: `must be one of ${JSON.stringify(params.allowedValues)}` };
    default:
      return { field: base || '(arguments)', problem: error.message ?? error.keyword };
  }
}
