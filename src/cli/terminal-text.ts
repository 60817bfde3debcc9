/**
 * Text from identity providers (names, logins, error messages) is printed to a terminal only through here: control
 * characters (C0 and C1, including NUL, BEL and ESC, which starts ANSI escape sequences) and bidirectional overrides
 * and isolates (which make a name read differently from what it is) are replaced by U+FFFD. Reports keep the data as
 * the identity provider returned it; only what a terminal would interpret is neutralised.
 */

// Tab and newline excepted: the summary's own layout uses them.
// eslint-disable-next-line no-control-regex
const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every terminal control and bidi override replaced by U+FFFD (one per character). */
export function forTerminal(text: string): string {
  return text.replace(unsafe, '\ufffd');
}

/** One line: as `forTerminal`, newlines and tabs included. */
export function forTerminalLine(text: string): string {
  return forTerminal(text).replace(/[\t\n]/g, '\ufffd');
}
