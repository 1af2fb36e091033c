/**
 * Text the CLI prints with every URL's password replaced by `***`: error messages quote what
 * was typed (`--redis redis://worker:secret@host`), and stderr ends up in CI logs.
 */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*:)[^\s@'"]*@/gi;

/** @example hideUrlPasswords("argument 'redis://w:pw@h:6379' is invalid"); // "argument 'redis://w:***@h:6379' is invalid" */
export function hideUrlPasswords(text: string): string {
  return text.replace(URL_PASSWORD, "$1***@");
}
