/**
 * Google's partial-response `fields` parameter (`nextPageToken,users(id,name/fullName)`), applied as the real API
 * does: only the selected fields survive, arrays are filtered element by element. A mask the simulator cannot
 * parse is answered with 400, as Google answers "Invalid field selection".
 */
export type FieldTree = Map<string, FieldTree | true>;

export class FieldMaskError extends Error {}

export function parseFieldMask(mask: string): FieldTree {
  let position = 0;
  const readName = (): string => {
    const start = position;
    while (position < mask.length && !',()/'.includes(mask[position] as string)) position += 1;
    const name = mask.slice(start, position).trim();
    if (name === '') throw new FieldMaskError(`Invalid field selection at position ${start}`);
    return name;
  };
  const parseEntry = (): FieldTree => {
    const name = readName();
    const tree: FieldTree = new Map();
    if (mask[position] === '/') {
      position += 1;
      tree.set(name, parseEntry());
    } else if (mask[position] === '(') {
      position += 1;
      const inner = parseList();
      if (mask[position] !== ')') throw new FieldMaskError(`Invalid field selection: missing ) at position ${position}`);
      position += 1;
      tree.set(name, inner);
    } else {
      tree.set(name, true);
    }
    return tree;
  };
  const parseList = (): FieldTree => {
    const tree: FieldTree = new Map();
    for (;;) {
      merge(tree, parseEntry());
      if (mask[position] !== ',') return tree;
      position += 1;
    }
  };
  const tree = parseList();
  if (position !== mask.length) throw new FieldMaskError(`Invalid field selection at position ${position}`);
  return tree;
}

export function applyFieldMask(value: unknown, tree: FieldTree): unknown {
  if (Array.isArray(value)) return value.map((item) => applyFieldMask(item, tree));
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [name, selection] of tree) {
    const field = (value as Record<string, unknown>)[name];
    if (field === undefined) continue;
    result[name] = selection === true ? field : applyFieldMask(field, selection);
  }
  return result;
}

function merge(target: FieldTree, source: FieldTree): void {
  for (const [name, selection] of source) {
    const existing = target.get(name);
    if (existing === undefined || existing === true || selection === true) target.set(name, existing === true ? true : selection);
    else merge(existing, selection);
  }
}
