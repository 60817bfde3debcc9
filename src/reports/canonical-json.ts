/**
 * Canonical JSON, so that a hash depends on a value and not on how it was written: object keys sorted by UTF-16
 * code unit (never the locale), no insignificant whitespace, `undefined` members dropped, arrays in order.
 * Strings and numbers are serialised as ECMAScript's JSON.stringify does, which is what RFC 8785 (JCS) specifies,
 * so any JCS implementation reproduces the hash.
 */

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`canonical JSON cannot represent a ${typeof value}`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const members = Object.entries(value)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
  return `{${members.join(',')}}`;
}
