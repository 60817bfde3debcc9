/**
 * Okta's SCIM-like `filter` / `search` expressions, as far as the connector and the tests use them:
 * `attr op "value"` with `eq`, `ne`, `sw`, `gt`, `ge`, `lt`, `le`, `attr pr`, joined by `and` / `or` with
 * parentheses. Attribute paths are dotted (`profile.login`). Anything else is a syntax error (Okta answers 400).
 */

export type FilterPredicate = (item: unknown) => boolean;

export class FilterSyntaxError extends Error {}

type Token = { kind: 'word'; text: string } | { kind: 'string'; text: string } | { kind: 'paren'; text: '(' | ')' };

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < expression.length) {
    const char = expression[index] as string;
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === '(' || char === ')') {
      tokens.push({ kind: 'paren', text: char });
      index += 1;
    } else if (char === '"') {
      let end = index + 1;
      let text = '';
      while (end < expression.length && expression[end] !== '"') {
        if (expression[end] === '\\' && end + 1 < expression.length) end += 1;
        text += expression[end];
        end += 1;
      }
      if (end >= expression.length) throw new FilterSyntaxError('unterminated string');
      tokens.push({ kind: 'string', text });
      index = end + 1;
    } else {
      const match = /^[A-Za-z0-9_.:$-]+/.exec(expression.slice(index));
      if (!match) throw new FilterSyntaxError(`unexpected character ${char}`);
      tokens.push({ kind: 'word', text: match[0] });
      index += match[0].length;
    }
  }
  return tokens;
}

function valueAt(item: unknown, path: string): unknown {
  let current: unknown = item;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export function parseFilter(expression: string): FilterPredicate {
  const tokens = tokenize(expression);
  let position = 0;
  const peekWord = (): string | undefined => {
    const token = tokens[position];
    return token?.kind === 'word' ? token.text.toLowerCase() : undefined;
  };

  const parseOr = (): FilterPredicate => {
    let left = parseAnd();
    while (peekWord() === 'or') {
      position += 1;
      const right = parseAnd();
      const previous = left;
      left = (item) => previous(item) || right(item);
    }
    return left;
  };
  const parseAnd = (): FilterPredicate => {
    let left = parseTerm();
    while (peekWord() === 'and') {
      position += 1;
      const right = parseTerm();
      const previous = left;
      left = (item) => previous(item) && right(item);
    }
    return left;
  };
  const parseTerm = (): FilterPredicate => {
    const token = tokens[position];
    if (!token) throw new FilterSyntaxError('expression ends too early');
    if (token.kind === 'paren' && token.text === '(') {
      position += 1;
      const inner = parseOr();
      const close = tokens[position];
      if (close?.kind !== 'paren' || close.text !== ')') throw new FilterSyntaxError('missing )');
      position += 1;
      return inner;
    }
    if (token.kind !== 'word') throw new FilterSyntaxError(`expected an attribute, got ${token.text}`);
    const attribute = token.text;
    const operator = tokens[position + 1];
    if (operator?.kind !== 'word') throw new FilterSyntaxError(`expected an operator after ${attribute}`);
    const op = operator.text.toLowerCase();
    if (op === 'pr') {
      position += 2;
      return (item) => {
        const value = valueAt(item, attribute);
        return value !== undefined && value !== null;
      };
    }
    const operand = tokens[position + 2];
    if (operand?.kind !== 'string' && operand?.kind !== 'word') throw new FilterSyntaxError(`expected a value after ${attribute} ${op}`);
    position += 3;
    const expected = operand.text;
    const compare = (value: unknown): string | undefined => (value === undefined || value === null ? undefined : String(value));
    switch (op) {
      case 'eq':
        return (item) => compare(valueAt(item, attribute)) === expected;
      case 'ne':
        return (item) => compare(valueAt(item, attribute)) !== expected;
      case 'sw':
        return (item) => compare(valueAt(item, attribute))?.startsWith(expected) === true;
      case 'gt':
        return (item) => (compare(valueAt(item, attribute)) ?? '') > expected;
      case 'ge':
        return (item) => (compare(valueAt(item, attribute)) ?? '') >= expected;
      case 'lt':
        return (item) => (compare(valueAt(item, attribute)) ?? '\uffff') < expected;
      case 'le':
        return (item) => (compare(valueAt(item, attribute)) ?? '\uffff') <= expected;
      default:
        throw new FilterSyntaxError(`unsupported operator ${op}`);
    }
  };

  const predicate = parseOr();
  if (position !== tokens.length) throw new FilterSyntaxError(`unexpected ${tokens[position]?.text ?? 'input'}`);
  return predicate;
}
