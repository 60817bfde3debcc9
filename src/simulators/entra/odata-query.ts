/**
 * The OData query options the Graph simulator honours: `$top` within each collection's limits (out of range is
 * Graph's 400 `Request_UnsupportedQuery`), `$select`, `$expand` and `$skiptoken` paging with absolute
 * `@odata.nextLink`s that keep the request's other options, built on the origin the client called.
 */
import { GraphReplyError, badRequest, invalidPageSize } from './graph-error-bodies.js';
import type { Json } from './graph-tenant-store.js';

/** Query options by lower-cased name (Graph treats `$Top` and `$top` alike), values decoded. */
export class ODataQuery {
  private readonly options = new Map<string, string>();

  constructor(private readonly search: string) {
    for (const [name, value] of new URLSearchParams(search)) this.options.set(name.toLowerCase(), value);
  }

  get(name: string): string | undefined {
    return this.options.get(name.toLowerCase());
  }

  /** `$select` as a list, or undefined when absent. */
  select(): string[] | undefined {
    const raw = this.get('$select');
    if (raw === undefined) return undefined;
    return raw
      .split(',')
      .map((field) => field.trim())
      .filter((field) => field !== '');
  }

  selects(field: string): boolean {
    return (this.select() ?? []).some((selected) => selected.toLowerCase() === field.toLowerCase());
  }

  expands(navigation: string): boolean {
    const raw = this.get('$expand');
    return raw !== undefined && raw.split(',').some((part) => part.trim().split('(')[0]?.toLowerCase() === navigation.toLowerCase());
  }

  /** `$top`, or the default; outside 1..max is Graph's 400. */
  top(defaultTop: number, maxTop: number): number {
    const raw = this.get('$top');
    if (raw === undefined) return defaultTop;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(value) || value < 1 || value > maxTop) throw new GraphReplyError(invalidPageSize(raw, maxTop));
    return value;
  }

  offset(): number {
    const token = this.get('$skiptoken');
    if (token === undefined) return 0;
    return decodeSkipToken(token);
  }

  /** The raw query string with `$skiptoken` replaced, `$` kept literal as Graph's own nextLinks do. */
  withSkipToken(token: string): string {
    const kept = this.search
      .replace(/^\?/, '')
      .split('&')
      .filter((part) => part !== '' && !part.toLowerCase().startsWith('$skiptoken='));
    return [...kept, `$skiptoken=${token}`].join('&');
  }
}

const skipTokenPrefix = 'mfacov:';

export function encodeSkipToken(offset: number): string {
  return Buffer.from(`${skipTokenPrefix}${offset}`).toString('base64url');
}

export function decodeSkipToken(token: string): number {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const match = new RegExp(`^${skipTokenPrefix}(\\d+)$`).exec(text);
  if (!match) throw new GraphReplyError(badRequest(`The $skiptoken '${token}' is not valid.`, 'Directory_InvalidSkipToken'));
  return Number(match[1]);
}

/** Collection-valued properties Graph sends as `[]`, never null, when empty. */
const collectionProperties = new Set(['businessphones', 'othermails', 'proxyaddresses', 'imaddresses', 'identities', 'assignedlicenses', 'assignedplans', 'provisionedplans', 'onpremisesprovisioningerrors']);

/**
 * Keeps the selected properties (and `@odata.type`); a selected property the object lacks is null, as Graph sends
 * it (or `[]` for a collection-valued one).
 */
export function applySelect(item: Json, select: readonly string[] | undefined, defaults?: readonly string[]): Json {
  const fields = select ?? defaults;
  if (fields === undefined) return item;
  const picked: Json = {};
  if (item['@odata.type'] !== undefined) picked['@odata.type'] = item['@odata.type'];
  for (const field of fields) {
    const key = Object.keys(item).find((candidate) => candidate.toLowerCase() === field.toLowerCase()) ?? field;
    picked[key] = item[key] ?? (collectionProperties.has(key.toLowerCase()) ? [] : null);
  }
  return picked;
}

export interface PageRequest {
  /** Origin the client called (`http://host:port`), so nextLinks point back at the simulator. */
  origin: string;
  pathname: string;
  query: ODataQuery;
  /** `@odata.context` fragment after `$metadata#`. */
  context: string;
  defaultTop: number;
  maxTop: number;
}

/** One page of a collection, with `@odata.nextLink` while items remain. */
export function pageOf(items: readonly Json[], request: PageRequest, project: (item: Json) => Json = (item) => item): Json {
  const top = request.query.top(request.defaultTop, request.maxTop);
  const offset = request.query.offset();
  const value = items.slice(offset, offset + top).map(project);
  const body: Json = { '@odata.context': `${request.origin}/v1.0/$metadata#${request.context}`, value };
  if (offset + top < items.length) {
    body['@odata.nextLink'] = `${request.origin}${request.pathname}?${request.query.withSkipToken(encodeSkipToken(offset + top))}`;
  }
  return body;
}
