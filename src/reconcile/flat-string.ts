/**
 * A copy of a string as one flat run of characters. V8 builds a template literal as a tree of concatenation nodes
 * that keeps every piece alive: a 60-character message costs 240 bytes that way and under 100 flat. Reconcile keeps
 * a few such strings per account, a million accounts at a time, so the ones it retains are flattened first.
 */
export function flatString(text: string): string {
  return text.length < 2 ? text : [text.slice(0, 1), text.slice(1)].join('');
}
