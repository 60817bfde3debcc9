/**
 * Hands a simulator's HTTP request to its OpenID provider when the path is one of the provider's (discovery, JWKS,
 * authorization endpoint), writing the reply as is: the sign-in form is HTML, which the vendors' JSON reply writers
 * do not produce. Returns false for any other path, which the vendor simulator answers itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatedOidcProvider } from './simulated-oidc-provider.js';

const maxFormBytes = 64_000;

export function serveOidcRequest(provider: SimulatedOidcProvider, request: IncomingMessage, response: ServerResponse): boolean {
  const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
  if (!provider.owns(url.pathname)) return false;
  const method = (request.method ?? 'GET').toUpperCase();
  readForm(request)
    .then((body) => {
      const reply = provider.handle(method, url, method === 'POST' ? body : '');
      response.writeHead(reply.status, { ...reply.headers, 'Content-Length': Buffer.byteLength(reply.body) });
      response.end(reply.body);
    })
    .catch((error: unknown) => {
      const text = JSON.stringify({ error: 'server_error', error_description: (error as Error).message });
      if (response.headersSent) response.destroy();
      else response.writeHead(500, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }).end(text);
    });
  return true;
}

async function readForm(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxFormBytes) throw new Error('The request body is too large.');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
