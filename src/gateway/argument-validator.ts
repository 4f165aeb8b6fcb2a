// Validates invoke arguments against a downstream tool's JSON Schema, naming every wrong field.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { GatewayError } from '../errors/index.js';

export interface ValidatableTool {
  name: string;
  inputSchema: Record<string, unknown>;
}

export interface FieldProblem {
  field: string;
  problem: string;
}

const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema';
/** At most this many field problems are listed; the schema is attached anyway. */
export const MAX_FIELD_PROBLEMS = 20;

export class ArgumentValidator {
  // addUsedSchema: false, and removeSchema after compiling: a re-listed tool whose schema has an `$id`
  // must compile again (not clash with its old self), and old schemas must not pile up in Ajv's cache.
  private readonly draft7 = new Ajv({ allErrors: true, strict: false, validateFormats: false, addUsedSchema: false });
  private readonly draft2020 = new Ajv2020({ allErrors: true, strict: false, validateFormats: false, addUsedSchema: false });
  // Keyed by the tool object: a re-listed tool is a new object and gets a fresh validator.
  private readonly compiled = new WeakMap<object, ValidateFunction | null>();

  /** `onUncompilable` hears once per tool object when its schema cannot be compiled (and so is not enforced). */
  constructor(private readonly onUncompilable?: (tool: string, reason: string) => void) {}

  /** Throws INVALID_ARGUMENTS when `args` does not match; a schema Ajv cannot compile is not enforced. */
  validate(toolId: string, tool: ValidatableTool, args: Record<string, unknown>): void {
    const validate = this.validatorFor(tool);
    if (!validate || validate(args)) return;
    const problems = describeErrors(validate.errors ?? []);
    const summary = problems.map((p) => `${p.field}: ${p.problem}`).join('; ');
    throw new GatewayError('INVALID_ARGUMENTS', `Arguments for ${toolId} do not match its input schema: ${summary}.`, {
      hint: 'Fix the fields named and call gateway.invoke again; the expected schema is in input_schema.',
      details: { tool_id: toolId, fields: problems, input_schema: tool.inputSchema },
    });
  }

  private validatorFor(tool: ValidatableTool): ValidateFunction | null {
    const cached = this.compiled.get(tool);
    if (cached !== undefined) return cached;
    let validate: ValidateFunction | null;
    try {
      const schema = tool.inputSchema;
      const ajv = schema.$schema === DRAFT_2020 ? this.draft2020 : this.draft7;
      // An unknown $schema URI would make Ajv refuse the schema; the keywords are what matter.
      const { $schema: _ignored, ...rest } = schema;
      const compiled = schema.$schema === DRAFT_2020 ? schema : rest;
      validate = ajv.compile(compiled);
      ajv.removeSchema(compiled);
    } catch (error) {
      validate = null;
      this.onUncompilable?.(tool.name, error instanceof Error ? error.message : String(error));
    }
    this.compiled.set(tool, validate);
    return validate;
  }
}

function describeErrors(errors: ErrorObject[]): FieldProblem[] {
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

function pointerToField(pointer: string): string {
  if (!pointer) return '';
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((field, part) => (/^\d+$/.test(part) ? `${field}[${part}]` : joinField(field, part)), '');
}

function joinField(base: string, name: string): string {
  return base ? `${base}.${name}` : name;
}
