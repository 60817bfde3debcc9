/**
 * The Graph SDK client, built on a custom middleware chain. The SDK's AuthenticationHandler only attaches the
 * bearer token to `https://` Graph hosts (or `customHosts` over https) and deletes it otherwise, so a simulator
 * or proxy on plain http would get anonymous requests; its RetryHandler sleeps on a real timer and hides retries
 * (the request runner retries instead). Here a small middleware sets `Authorization` on every request to the
 * configured Graph origin, over http or https, and refuses to send the token anywhere else.
 */
import { Client, HTTPMessageHandler, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { graphOriginRefused } from './graph-api-failure.js';

export interface GraphClientOptions {
  /** Graph root, e.g. `https://graph.microsoft.com` or the simulator's `http://127.0.0.1:PORT`. */
  graphBaseUrl: string;
  accessToken: () => Promise<string>;
}

/** Sets the bearer token for requests to the Graph origin; a request anywhere else is refused before it leaves. */
class GraphBearerToken implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly origin: string,
    private readonly accessToken: () => Promise<string>,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (new URL(url).origin !== this.origin) {
      const refusal = new Error(`Refusing to send the Graph token to ${new URL(url).origin}: only ${this.origin} (graphBaseUrl) is trusted.`);
      refusal.name = graphOriginRefused;
      throw refusal;
    }
    const authorization = `Bearer ${await this.accessToken()}`;
    const options = (context.options ??= {});
    if (options.headers instanceof Headers) options.headers.set('Authorization', authorization);
    else options.headers = { ...(options.headers as Record<string, string> | undefined), Authorization: authorization };
    if (!this.next) throw new Error('GraphBearerToken has no next middleware');
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

export function createGraphClient(options: GraphClientOptions): Client {
  const origin = new URL(options.graphBaseUrl).origin;
  return Client.initWithMiddleware({
    baseUrl: options.graphBaseUrl.replace(/\/+$/, ''),
    defaultVersion: 'v1.0',
    middleware: [new GraphBearerToken(origin, options.accessToken), new HTTPMessageHandler()],
  });
}
