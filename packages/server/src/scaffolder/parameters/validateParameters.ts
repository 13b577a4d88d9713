import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its default export arrives as the module object under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** One problem with the submitted values: the page (0-based), the field path and what would be accepted. */
export interface ParameterError {
  page: number;
  /** Title of the page, when it has one. */
  pageTitle?: string;
  /** JSON path of the field within the values, e.g. `name` or `config.replicas`; empty for the whole form. */
  path: string;
  message: string;
}

/** `spec.parameters` as one page or several, normalised like Backstage: `[parameters ?? []].flat()`. */
export function parameterPages(parameters: unknown): Record<string, unknown>[] {
  return [parameters ?? []]
    .flat()
    .filter((p): p is Record<string, unknown> => p !== null && typeof p === 'object');
}

/** A schema ajv accepts: `ui:*` and other non-schema keys are ignored (strict: false), recursively. */
function createAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

function describe(error: ErrorObject): { path: string; message: string } {
  const base = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: [...base, String(params.missingProperty)].join('.'), message: 'is required' };
    case 'additionalProperties':
      return {
        path: [...base, String(params.additionalProperty)].join('.'),
        message: 'is not a field of this form',
      };
    case 'enum':
      return {
        path: base.join('.'),
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'pattern':
      return { path: base.join('.'), message: `must match the pattern ${String(params.pattern)}` };
    case 'type':
      return { path: base.join('.'), message: `must be of type ${String(params.type)}` };
    default:
      return { path: base.join('.'), message: error.message ?? 'is not valid' };
  }
}

/**
 * Validates the submitted values against every page of `spec.parameters` with JSON Schema
 * (draft-07 keywords, formats), the way Backstage validates every page separately against the
 * whole values object. Answers every problem of every page, each naming what would be accepted.
 */
export function validateParameters(parameters: unknown, values: Record<string, unknown>): ParameterError[] {
  const ajv = createAjv();
  const errors: ParameterError[] = [];
  parameterPages(parameters).forEach((page, index) => {
    const { $schema: _ignored, $id: _id, ...schema } = page;
    let validate: ReturnType<Ajv['compile']>;
    try {
      validate = ajv.compile(schema);
    } catch (error) {
      errors.push({
        page: index,
        path: '',
        message: `the page's schema is not valid: ${(error as Error).message}`,
      });
      return;
    }
    if (validate(values)) return;
    const seen = new Set<string>();
    // oneOf/anyOf/if report a summary next to the branches' details: keep the details, or the
    // summary when there are none (e.g. a value that matches two oneOf branches).
    const all = validate.errors ?? [];
    const details = all.filter((e) => !['oneOf', 'anyOf', 'if', 'allOf'].includes(e.keyword));
    for (const error of details.length > 0 ? details : all) {
      const { path, message } = describe(error);
      const key = `${path}\0${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      errors.push({
        page: index,
        ...(typeof page.title === 'string' ? { pageTitle: page.title } : {}),
        path,
        message,
      });
    }
  });
  return errors;
}
