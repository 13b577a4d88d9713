/** Longest piece of git's output quoted in an error; the end carries git's `fatal:` line. */
const MAX_QUOTED_OUTPUT = 2000;

// `scheme://anything-up-to-the-last-@-before-the-path@` — the user-info part of a URL.
const URL_USER_INFO = /([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi;

// Control characters other than tab and newline (ANSI escapes included): a remote may send them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Replaces the user-info of every URL in `text`: `https://user:token@host` → `https://***@host`. */
export function redactCredentials(text: string): string {
  return text.replace(URL_USER_INFO, '$1***@');
}

/** Makes git's stderr fit to quote in an error or a log line: redacted, printable, trimmed, bounded. */
export function sanitizeGitOutput(text: string): string {
  const clean = redactCredentials(text).replace(CONTROL_CHARACTERS, '').trim();
  return clean.length > MAX_QUOTED_OUTPUT ? `…${clean.slice(-MAX_QUOTED_OUTPUT)}` : clean;
}
