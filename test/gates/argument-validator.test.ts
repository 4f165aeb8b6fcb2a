import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors/index.js';
import {
  ArgumentValidator,
  MAX_FIELD_PROBLEMS,
  type FieldProblem,
  type ValidatableTool,
} from '../../src/gates/argument-validator.js';

const ISSUE_TOOL: ValidatableTool = {
  name: 'create_issue',
  inputSchema: {
    type: 'object',
    properties: {
      title: { type: 'string' },
      count: { type: 'number' },
      state: { enum: ['open', 'closed'] },
      meta: { type: 'object', properties: { b: { type: 'string' } }, required: ['b'] },
      items: { type: 'array', items: { type: 'string' } },
    },
    required: ['title'],
    additionalProperties: false,
  },
};

/** Runs validate and returns the GatewayError it threw. */
function rejection(validator: ArgumentValidator, tool: ValidatableTool, args: Record<string, unknown>): GatewayError {
  try {
    validator.validate('github::create_issue', tool, args);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error(`expected ${JSON.stringify(args)} to be rejected`);
}

function fieldsOf(error: GatewayError): FieldProblem[] {
  return error.details?.fields as FieldProblem[];
}

describe('ArgumentValidator', () => {
  it('accepts arguments that match the schema', () => {
    const validator = new ArgumentValidator();
    expect(() => validator.validate('github::create_issue', ISSUE_TOOL, { title: 'Bug' })).not.toThrow();
    expect(() =>
      validator.validate('github::create_issue', ISSUE_TOOL, {
        title: 'Bug',
        count: 2,
        state: 'open',
        meta: { b: 'x' },
        items: ['a', 'b'],
      }),
    ).not.toThrow();
  });

  it('names a missing required field, with the schema and the fields attached', () => {
    const error = rejection(new ArgumentValidator(), ISSUE_TOOL, {});
    expect(error.code).toBe('INVALID_ARGUMENTS');
    expect(error.message).toContain('github::create_issue');
    expect(error.message).toContain('title');
    expect(error.hint).toBeTruthy();
    expect(fieldsOf(error)).toEqual([{ field: 'title', problem: 'is required' }]);
    expect(error.details?.input_schema).toBe(ISSUE_TOOL.inputSchema);
    expect(error.details?.tool_id).toBe('github::create_issue');
  });

  it('names a field of the wrong type and the type expected', () => {
    const error = rejection(new ArgumentValidator(), ISSUE_TOOL, { title: 42 });
    expect(fieldsOf(error)).toEqual([{ field: 'title', problem: 'must be string' }]);
    expect(error.message).toContain('title: must be string');
  });

  it('names a nested field with a dotted path', () => {
    const error = rejection(new ArgumentValidator(), ISSUE_TOOL, { title: 'x', meta: { b: 1 } });
    expect(fieldsOf(error)).toEqual([{ field: 'meta.b', problem: 'must be string' }]);
  });

  it('names a missing nested required field with a dotted path', () => {
    const error = rejection(new ArgumentValidator(), ISSUE_TOOL, { title: 'x', meta: {} });
    expect(fieldsOf(error)).toEqual([{ field: 'meta.b', problem: 'is required' }]);
  });

  it('names an array element by its index', () => {
    const error = rejection(new ArgumentValidator(), ISSUE_TOOL, { title: 'x', items: ['a', 2] });
    expect(fieldsOf(error)).toEqual([{ field: 'items[1]', problem: 'must be string' }]);
  });

  it('names a property the schema does not allow', () => {
    const error = rejection(new ArgumentValidator(), ISSUE_TOOL, { title: 'x', labels: ['bug'] });
    expect(fieldsOf(error)).toEqual([{ field: 'labels', problem: 'is not an allowed property' }]);
  });

  it('names the allowed values of an enum', () => {
    const error = rejection(new ArgumentValidator(), ISSUE_TOOL, { title: 'x', state: 'merged' });
    expect(fieldsOf(error)).toEqual([{ field: 'state', problem: 'must be one of ["open","closed"]' }]);
  });

  it('reports every wrong field at once, not just the first', () => {
    const error = rejection(new ArgumentValidator(), ISSUE_TOOL, { count: 'many', extra: true, items: [1] });
    expect(
      fieldsOf(error)
        .map((problem) => problem.field)
        .sort(),
    ).toEqual(['count', 'extra', 'items[0]', 'title']);
  });

  it('lists at most MAX_FIELD_PROBLEMS fields', () => {
    const properties = Object.fromEntries(
      Array.from({ length: MAX_FIELD_PROBLEMS + 10 }, (_, i) => [`f${i}`, { type: 'string' }]),
    );
    const tool: ValidatableTool = {
      name: 'wide',
      inputSchema: { type: 'object', properties, required: Object.keys(properties) },
    };
    expect(fieldsOf(rejection(new ArgumentValidator(), tool, {}))).toHaveLength(MAX_FIELD_PROBLEMS);
  });

  it('validates a schema that declares JSON Schema 2020-12, including its own keywords', () => {
    const tool: ValidatableTool = {
      name: 'pair',
      inputSchema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] } },
        required: ['pair'],
      },
    };
    const validator = new ArgumentValidator();
    expect(() => validator.validate('x::pair', tool, { pair: ['a', 1] })).not.toThrow();
    expect(fieldsOf(rejection(validator, tool, { pair: ['a', 'b'] }))).toEqual([
      { field: 'pair[1]', problem: 'must be number' },
    ]);
    expect(fieldsOf(rejection(validator, tool, {}))).toEqual([{ field: 'pair', problem: 'is required' }]);
  });

  it('validates a schema that declares draft-07 or an unknown $schema by its keywords', () => {
    const validator = new ArgumentValidator();
    for (const $schema of ['http://json-schema.org/draft-07/schema#', 'https://example.com/custom-meta-schema']) {
      const tool: ValidatableTool = { name: 't', inputSchema: { $schema, type: 'object', required: ['a'] } };
      expect(fieldsOf(rejection(validator, tool, {}))).toEqual([{ field: 'a', problem: 'is required' }]);
    }
  });

  it('does not enforce a schema it cannot compile', () => {
    const tool: ValidatableTool = {
      name: 'broken',
      inputSchema: { type: 'object', properties: { a: { type: 'no-such-type' } }, required: ['a'] },
    };
    const validator = new ArgumentValidator();
    expect(() => validator.validate('x::broken', tool, {})).not.toThrow();
    expect(() => validator.validate('x::broken', tool, { a: 1 })).not.toThrow();
  });

  it('keeps judging the same tool object by the schema it was first compiled from', () => {
    const validator = new ArgumentValidator();
    const tool: ValidatableTool = { name: 't', inputSchema: { type: 'object', required: ['a'] } };
    expect(() => validator.validate('x::t', tool, {})).toThrow(GatewayError);
    // The compiled validator is keyed by the tool object, so it is reused for later calls...
    tool.inputSchema = { type: 'object' };
    expect(() => validator.validate('x::t', tool, {})).toThrow(GatewayError);
    // ...while a re-listed tool (a new object) is compiled afresh.
    expect(() => validator.validate('x::t', { ...tool }, {})).not.toThrow();
  });

  it('still enforces a schema with an $id after its tool is re-listed as a new object', () => {
    // Real servers put $id on schemas; a list_changed or reconnect hands over fresh objects with the same $id.
    const schema = () => ({ $id: 'https://example.com/schemas/create-issue', type: 'object', required: ['title'] });
    const validator = new ArgumentValidator();
    expect(() =>
      validator.validate('github::create_issue', { name: 'create_issue', inputSchema: schema() }, {}),
    ).toThrow(GatewayError);
    expect(() =>
      validator.validate('github::create_issue', { name: 'create_issue', inputSchema: schema() }, {}),
    ).toThrow(GatewayError);
  });

  it('reports a wrong type for the arguments object as a whole', () => {
    const tool: ValidatableTool = { name: 't', inputSchema: { type: 'object', minProperties: 1 } };
    const error = rejection(new ArgumentValidator(), tool, {});
    expect(fieldsOf(error)[0]?.field).toBe('(arguments)');
  });
});

describe('ArgumentValidator reporting', () => {
  it('reports a schema it cannot compile once, and lets the call through', () => {
    const reports: string[] = [];
    const validator = new ArgumentValidator((tool) => reports.push(tool));
    const tool = {
      name: 'broken',
      inputSchema: { type: 'object', properties: { a: { $ref: '#/definitions/missing' } } },
    };
    validator.validate('s::broken', tool, { a: 1 });
    validator.validate('s::broken', tool, { a: 2 });
    expect(reports).toEqual(['broken']);
  });
});
