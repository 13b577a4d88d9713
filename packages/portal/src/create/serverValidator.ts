import type { RJSFSchema, ValidatorType } from '@rjsf/utils';
import { matchesSchema } from './schemaMatch.ts';

/**
 * rjsf's validator, without ajv: the usual one compiles schemas with `new Function`, which the
 * portal's Content-Security-Policy forbids. Values are validated by the server instead
 * (POST …/validate), and its errors reach the fields through `extraErrors`. `isValid`, which rjsf
 * asks to pick the branch of a `dependencies`/`oneOf`/`anyOf`/`if` that applies, is answered by an
 * interpreter of the keywords that decide branches ({@link matchesSchema}).
 */
export const serverValidator: ValidatorType<Record<string, unknown>, RJSFSchema> = {
  validateFormData: () => ({ errors: [], errorSchema: {} }),
  isValid: (schema, formData, rootSchema) => matchesSchema(schema, formData, rootSchema),
  rawValidation: () => ({}),
};
