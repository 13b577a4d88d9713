import { evaluatePageCondition } from '@paved/model';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { fillParameterDefaults, parameterPages } from './fillDefaults.ts';

export { evaluatePageCondition } from '@paved/model';
export { fillParameterDefaults, parameterPages } from './fillDefaults.ts';

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
 * Of the errors of `oneOf`/`anyOf` branches, keeps those of the branches the values chose: a
 * branch whose pinned value (`const`, `enum`) does not match was not chosen, and its complaints
 * ("must be equal to constant") would only confuse. All are kept when no branch was chosen.
 */
function chosenBranchErrors(errors: ErrorObject[]): ErrorObject[] {
  const branchOf = (error: ErrorObject) => /^(.*\/(?:oneOf|anyOf))\/(\d+)\//.exec(error.schemaPath);
  const notChosen = new Map<string, Set<string>>();
  const all = new Map<string, Set<string>>();
  for (const error of errors) {
    const match = branchOf(error);
    if (!match) continue;
    const [, group, branch] = match as unknown as [string, string, string];
    if (!all.has(group)) all.set(group, new Set());
    all.get(group)?.add(branch);
    if (error.keyword === 'const' || error.keyword === 'enum') {
      if (!notChosen.has(group)) notChosen.set(group, new Set());
      notChosen.get(group)?.add(branch);
    }
  }
  return errors.filter((error) => {
    const match = branchOf(error);
    if (!match) return true;
    const [, group, branch] = match as unknown as [string, string, string];
    const rejected = notChosen.get(group);
    if (!rejected?.has(branch)) return true;
    // Drop a rejected branch only when another branch of the group was not rejected.
    return [...(all.get(group) ?? [])].every((b) => rejected.has(b));
  });
}

/**
 * Validates the submitted values against every page of `spec.parameters` with JSON Schema
 * (draft-07 keywords, formats), the way Backstage validates every page separately against the
 * whole values object. Defaults the values do not give are filled first, as Backstage's form
 * would have sent them; a page whose `when` does not hold is not validated (its fields are not
 * required). Answers every problem of every page, each naming what would be accepted.
 */
export function validateParameters(parameters: unknown, values: Record<string, unknown>): ParameterError[] {
  const ajv = createAjv();
  const filled = fillParameterDefaults(parameters, values);
  const errors: ParameterError[] = [];
  parameterPages(parameters).forEach((page, index) => {
    if (!evaluatePageCondition(page.when, filled)) return;
    const { $schema: _ignored, $id: _id, when: _when, ...schema } = page;
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
    if (validate(filled)) return;
    const seen = new Set<string>();
    // oneOf/anyOf/if report a summary next to the branches' details: keep the details (of the
    // branches the values chose), or the summary when there are none (e.g. a value that
    // matches two oneOf branches).
    const all = validate.errors ?? [];
    const details = chosenBranchErrors(
      all.filter((e) => !['oneOf', 'anyOf', 'if', 'allOf'].includes(e.keyword)),
    );
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
