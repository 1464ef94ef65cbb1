// Secrets never appear in messages or logs (interfaces.md "Operations"): a store URL is
// shown without its password, and any text that may quote one (a driver's error, a
// stack) is passed through redactSecrets before a person or a log line sees it.

/** URLs with user info (`scheme://user:secret@host`), as drivers and users write them. */
const USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*):([^\s/@]*)@/gi;
/** `password=…` style keys in connection strings and query parameters. */
const PASSWORD_KEY = /\b(password|passwd|pwd|secret|token)=([^\s&;'"]+)/gi;

/** A store URL fit to show: the password (and any secret query key) replaced by `***`. */
export function displayUrl(url: string): string {
  return redactSecrets(url);
}

/** The text with every URL password and `password=…` value replaced by `***`. */
export function redactSecrets(text: string): string {
  return text.replace(USER_INFO, '$1$2:***@').replace(PASSWORD_KEY, '$1=***');
}
