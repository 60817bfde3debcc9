/**
 * Fault injection in front of any simulator: an HTTP proxy on 127.0.0.1 that forwards each request to the simulator
 * (keeping the `Host` it was sent to, so absolute next links and Link headers point back through the proxy) and, for
 * requests a rule matches, answers with a scripted fault instead: a 200 login page, garbage, a truncated body, a hang,
 * a dropped connection, an HTTP status, or the simulator's answer rewritten (a repeated cursor, an empty page that
 * still links a next one). Rules fire on matching requests after `after` of them and at most `times` times, so "502
 * once" and "401 after 5 requests" are one rule each. Tests and rehearsals use it; the simulators stay wire-faithful.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** What the simulator answered (or what a rewrite returns). */
export interface ProxiedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ProxiedRequest {
  method: string;
  /** Path and query as sent. */
  path: string;
  body: string;
  /** The `Host` the client sent, for rewrites that build absolute links back through the proxy. */
  host: string;
}

export type Fault =
  /** 200 with an identity provider's HTML sign-in page, as a captive portal or an expired proxy session sends. */
  | { kind: 'html-login-page' }
  /** 200 with the simulator's content type and bytes that are not its format. */
  | { kind: 'garbage' }
  /** The simulator's answer cut in half, with a Content-Length that matches the cut (a well-formed short body). */
  | { kind: 'truncated' }
  /** Headers and half the body sent with the full Content-Length, then the connection closed. */
  | { kind: 'dropped-mid-body' }
  /** The connection closed before any answer. */
  | { kind: 'dropped' }
  /** No answer at all until the client gives up (or the proxy closes). */
  | { kind: 'hang' }
  /** An HTTP status with an optional body (JSON by default). */
  | { kind: 'status'; status: number; body?: string; contentType?: string; headers?: Record<string, string> }
  /** The simulator's answer, changed by `rewrite` (which sees the request too). */
  | { kind: 'rewrite'; rewrite: (response: ProxiedResponse, request: ProxiedRequest) => ProxiedResponse };

export interface FaultRule {
  /** Which requests the rule considers; every given condition must hold. */
  match: { method?: string; path?: RegExp; body?: RegExp };
  fault: Fault;
  /** Matching requests let through before the rule fires (default 0). */
  after?: number;
  /** Times the rule fires at most (default: every matching request after `after`). */
  times?: number;
}

export interface RunningFaultProxy {
  url: string;
  /** Per rule, how many times it fired. */
  readonly fired: readonly number[];
  /** Requests the proxy received. */
  readonly requests: number;
  close(): Promise<void>;
}

const loginPage =
  '<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body><form method="post" action="/login"><input name="username"><input name="password" type="password"><button>Sign in</button></form></body></html>';

export async function startFaultProxy(upstreamUrl: string, rules: readonly FaultRule[], port = 0): Promise<RunningFaultProxy> {
  const upstream = new URL(upstreamUrl);
  const seen = rules.map(() => 0);
  const fired = rules.map(() => 0);
  const sockets = new Set<Socket>();
  let requests = 0;

  const ruleFor = (request: ProxiedRequest): FaultRule | undefined => {
    let chosen: FaultRule | undefined;
    rules.forEach((rule, index) => {
      const { method, path, body } = rule.match;
      if (method !== undefined && method.toUpperCase() !== request.method) return;
      if (path !== undefined && !path.test(request.path)) return;
      if (body !== undefined && !body.test(request.body)) return;
      seen[index] = (seen[index] ?? 0) + 1;
      if ((seen[index] ?? 0) <= (rule.after ?? 0)) return;
      if (rule.times !== undefined && (fired[index] ?? 0) >= rule.times) return;
      if (chosen) return;
      fired[index] = (fired[index] ?? 0) + 1;
      chosen = rule;
    });
    return chosen;
  };

  const forward = (incoming: IncomingMessage, body: Buffer): Promise<ProxiedResponse> =>
    new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers } },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('error', reject);
          answer.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(answer.headers)) {
              if (value === undefined || name === 'content-length' || name === 'transfer-encoding' || name === 'connection') continue;
              headers[name] = Array.isArray(value) ? value.join(', ') : value;
            }
            resolve({ status: answer.statusCode ?? 502, headers, body: Buffer.concat(chunks).toString('utf8') });
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });

  const reply = (response: ServerResponse, answer: ProxiedResponse): void => {
    const bytes = Buffer.from(answer.body, 'utf8');
    response.writeHead(answer.status, { ...answer.headers, 'content-length': String(bytes.length) });
    response.end(bytes);
  };

  const handle = async (incoming: IncomingMessage, response: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    requests += 1;
    const request: ProxiedRequest = {
      method: (incoming.method ?? 'GET').toUpperCase(),
      path: incoming.url ?? '/',
      body: body.toString('utf8'),
      host: incoming.headers.host ?? '127.0.0.1',
    };
    const rule = ruleFor(request);
    const fault = rule?.fault;
    if (!fault) return reply(response, await forward(incoming, body));
    switch (fault.kind) {
      case 'hang':
        return;
      case 'dropped':
        response.socket?.destroy();
        return;
      case 'html-login-page':
        return reply(response, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: loginPage });
      case 'status':
        return reply(response, {
          status: fault.status,
          headers: { 'content-type': fault.contentType ?? 'application/json', ...fault.headers },
          body: fault.body ?? JSON.stringify({ error: { code: `HTTP${fault.status}`, message: 'Injected fault' } }),
        });
      case 'rewrite':
        return reply(response, fault.rewrite(await forward(incoming, body), request));
      default:
        break;
    }
    const real = await forward(incoming, body);
    const contentType = real.headers['content-type'] ?? 'application/json';
    if (fault.kind === 'garbage') {
      return reply(response, { status: 200, headers: { 'content-type': contentType }, body: '\u0000\u0007GARBAGE}{not the vendor format' });
    }
    const half = real.body.slice(0, Math.max(1, Math.floor(real.body.length / 2)));
    if (fault.kind === 'truncated') return reply(response, { status: 200, headers: { ...real.headers }, body: half });
    // dropped-mid-body: promise the whole body, send half, close.
    response.writeHead(200, { ...real.headers, 'content-length': String(Buffer.byteLength(real.body)) });
    response.write(half, () => response.socket?.destroy());
  };

  const server = createServer((incoming, response) => {
    handle(incoming, response).catch(() => {
      if (!response.headersSent) reply(response, { status: 599, headers: { 'content-type': 'text/plain' }, body: 'fault proxy: upstream unreachable' });
      else response.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('The fault proxy did not get a TCP address.');
  return {
    url: `http://127.0.0.1:${address.port}`,
    fired,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
