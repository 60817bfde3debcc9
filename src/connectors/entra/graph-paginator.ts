/**
 * The one paginator every Graph collection goes through: it requests a page, yields the body exactly as Graph
 * returned it, and follows `@odata.nextLink` until there is none. The SDK's PageIterator (and `client.api(url)`)
 * only strip the host from `https://` links, so an absolute http nextLink (a simulator, a proxy) would be requested
 * as `/v1.0/http://…`; here each link is checked against the Graph origin and turned back into a path under the
 * version root. A repeated link or a runaway listing stops with an error instead of looping.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { UpstreamError } from '../../errors.js';
import type { EntraEndpoint } from './endpoints.js';
import type { GraphRequestRunner } from './graph-request-runner.js';

export type GraphPage = Record<string, unknown> & { value?: unknown; '@odata.nextLink'?: unknown };

/** A runaway paginator (a server repeating cursors) stops here rather than looping forever. */
export const maxPagesPerListing = 100_000;

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

/** One GET through the runner (retries, counting), honouring the scan's abort signal. */
export function graphGet(client: Client, runner: GraphRequestRunner, endpoint: EntraEndpoint, path: string, label?: string): Promise<GraphPage> {
  return runner.run(
    endpoint,
    () => {
      const request = client.api(path);
      if (runner.signal) request.option('signal', runner.signal);
      return request.get() as Promise<GraphPage>;
    },
    label,
  );
}

export async function* graphPages(listing: GraphListing): AsyncGenerator<GraphPage> {
  const seen = new Set<string>();
  let path = listing.path;
  for (let pages = 0; pages < maxPagesPerListing; pages += 1) {
    const page = await graphGet(listing.client, listing.runner, listing.endpoint, path, listing.label);
    yield page;
    const next = page['@odata.nextLink'];
    if (typeof next !== 'string' || next === '') return;
    if (seen.has(next)) throw new UpstreamError(`${listing.endpoint.label} repeated the nextLink ${next}; paging stopped and the listing is incomplete.`);
    seen.add(next);
    path = graphPathOf(next, listing.graphBaseUrl);
  }
  throw new UpstreamError(`${listing.endpoint.label} returned more than ${maxPagesPerListing} pages; the listing is incomplete.`);
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
