export { CONTENT_SECURITY_POLICY, HTML_HEADERS, IMMUTABLE_CACHE } from './portal.headers.ts';
export { createPortal, type Portal, type PortalOptions } from './portal.routes.ts';
