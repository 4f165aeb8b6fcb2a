// Validates invoke arguments against a downstream tool's JSON Schema, naming every wrong field.
import { GatewayError } from '../errors/index.js';
import { SchemaCompiler } from './schema-compiler.js';
import { describeErrors } from './schema-problems.js';

export { MAX_FIELD_PROBLEMS, type FieldProblem } from './schema-problems.js';

export interface ValidatableTool {
  name: string;
  inputSchema: Record<string, unknown>;
}

export class ArgumentValidator {
  private readonly compiler: SchemaCompiler;

  /** `onUncompilable` hears once per tool object when its schema cannot be compiled (and so is not enforced). */
  constructor(onUncompilable?: (tool: string, reason: string) => void) {
    this.compiler = new SchemaCompiler(onUncompilable);
  }

  /** Throws INVALID_ARGUMENTS when `args` does not match; a schema Ajv cannot compile is not enforced. */
  validate(toolId: string, tool: ValidatableTool, args: Record<string, unknown>): void {
    const validate = this.compiler.validatorFor(tool, tool.name, tool.inputSchema);
    if (!validate || validate(args)) return;
    const problems = describeErrors(validate.errors ?? []);
    const summary = problems.map((p) => `${p.field}: ${p.problem}`).join('; ');
    throw new GatewayError('INVALID_ARGUMENTS', `Arguments for ${toolId} do not match its input schema: ${summary}.`, {
      hint: 'Fix the fields named and call the tool again; the expected schema is in input_schema.',
      details: { tool_id: toolId, fields: problems, input_schema: tool.inputSchema },
    });
  }
}
