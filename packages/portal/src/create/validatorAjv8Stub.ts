/**
 * Stands in for `@rjsf/validator-ajv8`, which is not installed on purpose (ajv compiles schemas
 * with `new Function`, which the portal's CSP forbids). `@rjsf/core`'s index imports it only for
 * its `getTestRegistry`, which the portal never calls; the build aliases the name to this file.
 */
export { serverValidator as default } from './serverValidator.ts';
