/**
 * The one paginator every Graph collection goes through: it requests a page, yields the body exactly as Graph
 * returned it, and follows `@odata.nextLink` until there is none. The SDK's PageIterator (and `client.api(url)`)
 * only strip the host from `https://` links, so an absolute http nextLink (a simulator, a proxy) would be requested
 * as `/v1.0/http://…`; here each link is checked against the Graph origin and turned back into a path under the
 * version root. Every body is checked when it arrives (a JSON object; a collection page's `value` an array of objects,
 * its nextLink a string), so a login page or a truncated body is an error of that endpoint, never data; and the
 * paging guard stops a listing that loops (a repeated link, the same page again, empty pages that link onwards).
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { UpstreamError } from '../../errors.js';
import { PagingGuard } from '../paging-guard.js';
import type { EntraEndpoint } from './endpoints.js';
import type { GraphRequestRunner } from './graph-request-runner.js';

export type GraphPage = Record<string, unknown> & { value?: unknown; '@odata.nextLink'?: unknown };

export interface GraphListing {
  client: Client;
  runner: GraphRequestRunner;
  endpoint: EntraEndpoint;
  /** Path under the version root with its query, e.g. `/users?$select=id&$top=999`. */
  path: string;
  graphBaseUrl: string;
  /** Counts against this label instead of the endpoint's (inner requests of the batch fallback). */
  label?: string;
}

/** One GET through the runner (retries, counting, the per-request timeout), its body checked to be a JSON object. */
export async function graphGet(client: Client, runner: GraphRequestRunner, endpoint: EntraEndpoint, path: string, label?: string): Promise<GraphPage> {
  const body = await runner.run(
    endpoint,
    (signal) => {
      const request = client.api(path);
      request.option('signal', signal);
      return request.get() as Promise<unknown>;
    },
    label,
  );
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new UpstreamError(`${label ?? endpoint.label} answered with a body that is not Graph's JSON (${describeBody(body)}); it was not stored as data.`, 200);
  }
  return body as GraphPage;
}

export async function* graphPages(listing: GraphListing): AsyncGenerator<GraphPage> {
  const label = listing.label ?? listing.endpoint.label;
  const guard = new PagingGuard(label);
  let path = listing.path;
  for (;;) {
    const page = await graphGet(listing.client, listing.runner, listing.endpoint, path, listing.label);
    const items = page.value;
    const next = page['@odata.nextLink'];
    if (!Array.isArray(items) || items.some((item) => typeof item !== 'object' || item === null || Array.isArray(item))) {
      throw new UpstreamError(`${label} answered with a page whose \`value\` is not a list of objects; it was not stored as data.`, 200);
    }
    if (next !== undefined && typeof next !== 'string') throw new UpstreamError(`${label} answered with a nextLink that is not a string.`, 200);
    yield page;
    if (next === undefined || next === '') return;
    guard.check(items, next);
    path = graphPathOf(next, listing.graphBaseUrl);
  }
}

/** A short, safe description of a body that is not what Graph sends. */
export function describeBody(body: unknown): string {
  if (typeof body === 'string') return `text starting ${JSON.stringify(body.slice(0, 40))}`;
  if (body === undefined || body === null) return 'an empty body';
  return Array.isArray(body) ? 'a JSON array' : `a ${typeof body}`;
}

/**
 * The path under the version root (`/users?$skiptoken=…`) of an absolute `@odata.nextLink`. A link to another
 * origin or outside `<graphBaseUrl>/v1.0/` is refused: following it would send the token elsewhere.
 */
export function graphPathOf(nextLink: string, graphBaseUrl: string): string {
  let link: URL;
  try {
    link = new URL(nextLink);
  } catch (error) {
    throw new UpstreamError(`Graph returned a nextLink that is not a URL: ${nextLink}`, undefined, { cause: error });
  }
  const base = new URL(graphBaseUrl);
  const root = `${base.pathname.replace(/\/+$/, '')}/v1.0`;
  if (link.origin !== base.origin || !link.pathname.startsWith(`${root}/`)) {
    throw new UpstreamError(`Graph returned a nextLink outside ${base.origin}${root}/ (${link.origin}${link.pathname}); it was not followed.`);
  }
  return `${link.pathname.slice(root.length)}${link.search}`;
}
