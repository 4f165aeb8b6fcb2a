// Compiles a tool's JSON Schema (draft-07 or 2020-12) with Ajv, once per schema object.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';

const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema';

export type { ErrorObject, ValidateFunction };

export class SchemaCompiler {
  // addUsedSchema: false, and removeSchema after compiling: a re-listed tool whose schema has an `$id`
  // must compile again (not clash with its old self), and old schemas must not pile up in Ajv's cache.
  private readonly draft7 = new Ajv({ allErrors: true, strict: false, validateFormats: false, addUsedSchema: false });
  private readonly draft2020 = new Ajv2020({
    allErrors: true,
    strict: false,
    validateFormats: false,
    addUsedSchema: false,
  });
  // Keyed by the schema's owner (a tool object): a re-listed tool is a new object and gets a fresh validator.
  private readonly compiled = new WeakMap<object, ValidateFunction | null>();

  /** `onUncompilable` hears once per owner when its schema cannot be compiled (and so is not enforced). */
  constructor(private readonly onUncompilable?: (owner: string, reason: string) => void) {}

  /** The validator for `schema`, remembered under `owner`; null when Ajv cannot compile it. */
  validatorFor(owner: object, name: string, schema: Record<string, unknown>): ValidateFunction | null {
    const cached = this.compiled.get(owner);
    if (cached !== undefined) return cached;
    let validate: ValidateFunction | null;
    try {
      // `.../schema#` names the same draft; Ajv knows it without the `#`.
      const is2020 = typeof schema.$schema === 'string' && schema.$schema.replace(/#$/, '') === DRAFT_2020;
      const ajv = is2020 ? this.draft2020 : this.draft7;
      // An unknown $schema URI would make Ajv refuse the schema; the keywords are what matter.
      const { $schema: _ignored, ...rest } = schema;
      const compiled = is2020 ? { ...rest, $schema: DRAFT_2020 } : rest;
      validate = ajv.compile(compiled);
      ajv.removeSchema(compiled);
    } catch (error) {
      validate = null;
      this.onUncompilable?.(name, error instanceof Error ? error.message : String(error));
    }
    this.compiled.set(owner, validate);
    return validate;
  }
}

/** A JSON Pointer from Ajv (`/items/0/name`) as a field path (`items[0].name`). */
export function pointerToField(pointer: string): string {
  if (!pointer) return '';
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((field, part) => (/^\d+$/.test(part) ? `${field}[${part}]` : joinField(field, part)), '');
}

export function joinField(base: string, name: string): string {
  return base ? `${base}.${name}` : name;
}
