/**
 * What the portal's HTML may load: its own scripts and styles, inline styles (Mantine injects
 * them at run time), images from anywhere over https (avatars, badges), workers from blobs
 * (Monaco-style editors), and calls to this origin only.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "font-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
  "form-action 'self'",
].join('; ');

/** Headers of every HTML answer: index.html (any deep link) and the "not built" page. */
export const HTML_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  // Always revalidated (ETag): a new build is picked up on the next load.
  'cache-control': 'no-cache',
};

/** Built assets have content hashes in their names: a name never changes its content. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
