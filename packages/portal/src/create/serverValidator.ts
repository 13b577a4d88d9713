import type { RJSFSchema, ValidatorType } from '@rjsf/utils';

/**
 * rjsf's validator, doing nothing in the browser: the usual one (ajv) compiles schemas with
 * `new Function`, which the portal's Content-Security-Policy forbids. Values are validated by the
 * server instead (POST …/validate), and its errors reach the fields through `extraErrors`.
 * `isValid` answers true, so rjsf picks the first branch of a oneOf/anyOf it cannot decide.
 */
export const serverValidator: ValidatorType<Record<string, unknown>, RJSFSchema> = {
  validateFormData: () => ({ errors: [], errorSchema: {} }),
  isValid: () => true,
  rawValidation: () => ({}),
};
