export {
  CATALOG_FILTER_EXISTS,
  createPavedClient,
  type PavedClient,
  type PavedClientOptions,
  PavedHttpError,
  PavedUnreachableError,
  templateErrorsOf,
} from './client.ts';
export { formatEntityRef, type ParsedRef, parseRef } from './refs.ts';
export * from './types.ts';
