/**
 * The console's routes, registered on the API's Fastify app (one line in api-routes.ts). Every route declares
 * `auth: public` to the API's bearer hook and is guarded here instead: a console page needs a console session
 * (the API's session cookie), without one a GET is redirected to the sign-in page; reading needs `reports:read`,
 * starting a scan `scans:run`, acknowledging an alert `admin`, each checked on the server whatever the page showed.
 * Every POST carries the session's CSRF token and must come from this origin.
 */
import { createReadStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ApiApp } from '../api/api-dependencies.js';
import { scopesAdmit, type ApiScope } from '../api/auth/api-scopes.js';
import { clearSessionCookies, csrfTokenFor, csrfTokenMatches, isSameOrigin, sessionCookieName, setSessionCookies } from '../api/auth/dashboard-session.js';
import { MfaCoverageError } from '../errors.js';
import type { ScanLauncher } from '../jobs/scan-launcher.js';
import { html, type SafeHtml } from '../reports/safe-html.js';
import { parseAccountQuery } from './account-query.js';
import type { ConsoleAlerts, ConsoleData } from './console-data.js';
import { consoleFavicon, consoleRoot, renderConsolePage, type ConsoleSection } from './console-layout.js';
import type { ConsoleSession, ConsoleSessions } from './console-sessions.js';
import { consoleContentSecurityPolicy } from './console-style.js';
import { alertStatuses } from './console-views.js';
import type { OidcSignIn, PendingSignIn } from './oidc-sign-in.js';
import { renderAccountsPage } from './pages/accounts-page.js';
import { renderAlertPage, renderAlertsPage } from './pages/alerts-page.js';
import { renderExceptionsPage } from './pages/exceptions-page.js';
import { renderHomePage } from './pages/home-page.js';
import { renderPersonPage } from './pages/person-page.js';
import { renderRunPage, renderRunsPage } from './pages/runs-page.js';
import { renderMessagePage, renderSignInPage } from './pages/sign-in-page.js';

export interface ConsoleOidc {
  label: string;
  /** Discovers the issuer on first use (and again after a failure). */
  signIn(): Promise<OidcSignIn>;
}

export interface ConsoleDependencies {
  data: ConsoleData;
  alerts: ConsoleAlerts | null;
  sessions: ConsoleSessions;
  scans: ScanLauncher;
  oidc: ConsoleOidc | null;
  clock: () => Date;
}

/** The pre-session cookie of the sign-in form (login CSRF) and the one of an OpenID sign-in in flight. */
const signInCookie = 'mfac_console_signin';
const oidcCookie = 'mfac_console_oidc';
const maxPendingSignIns = 1_000;

const readScopes: readonly ApiScope[] = ['reports:read'];
const scanScopes: readonly ApiScope[] = ['scans:run'];
/** Acknowledging changes what SecOps is told; the API's `POST /v1/alerts/{id}/ack` asks the same. */
const acknowledgeScopes: readonly ApiScope[] = ['admin'];

interface Signed {
  session: ConsoleSession;
  secret: string;
}

const publicRoute = { config: { auth: { kind: 'public' as const } }, schema: { hide: true } };

export function registerConsole(app: ApiApp, deps: ConsoleDependencies): void {
  const pendingSignIns = new Map<string, PendingSignIn>();

  const sendPage = (reply: FastifyReply, status: number, title: string, section: ConsoleSection, signed: Signed | null, body: SafeHtml, refreshSeconds?: number): FastifyReply =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('content-security-policy', consoleContentSecurityPolicy)
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'same-origin')
      .send(
        renderConsolePage({
          title,
          section,
          user: signed?.session.user ?? null,
          csrfToken: signed ? csrfTokenFor(signed.secret) : '',
          body,
          ...(refreshSeconds !== undefined ? { refreshSeconds } : {}),
        }),
      );

  const sendMessage = (reply: FastifyReply, status: number, title: string, message: string, signed: Signed | null): FastifyReply =>
    sendPage(reply, status, title, 'none', signed, renderMessagePage(title, message));

  /** The session of the request, or a reply already sent (redirect to sign-in, or refusal). */
  const guard = async (request: FastifyRequest, reply: FastifyReply, scopes: readonly ApiScope[]): Promise<Signed | null> => {
    const secret = request.cookies[sessionCookieName];
    const session = await deps.sessions.find(secret);
    if (!session || secret === undefined) {
      if (request.method === 'GET') {
        await reply.redirect(`${consoleRoot}/sign-in?next=${encodeURIComponent(request.url)}`, 303);
      } else {
        await sendMessage(reply, 401, 'Signed out', 'Your session has ended; sign in again.', null);
      }
      return null;
    }
    const signed = { session, secret };
    request.principal = { tokenId: session.principalId, tokenName: session.user.name, scopes: session.user.scopes, via: 'session' };
    if (!scopesAdmit(session.user.scopes, scopes)) {
      await sendMessage(reply, 403, 'Not allowed', `This needs the ${scopes.join(' or ')} scope; you hold ${session.user.scopes.join(', ') || 'none'}.`, signed);
      return null;
    }
    if (request.method === 'POST') {
      const token = formField(request.body, '_csrf');
      if (!isSameOrigin(request) || !csrfTokenMatches(secret, token)) {
        await sendMessage(reply, 403, 'Form expired', 'The form was not sent from this console or its session changed; reload the page and try again.', signed);
        return null;
      }
    }
    return signed;
  };

  /** Runs a page handler, turning bad input into a 400 page and an unknown object into a 404 page. */
  const page =
    (scopes: readonly ApiScope[], handler: (request: FastifyRequest, reply: FastifyReply, signed: Signed) => Promise<FastifyReply | undefined>) =>
    async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
      const signed = await guard(request, reply, scopes);
      if (!signed) return reply;
      try {
        return await handler(request, reply, signed);
      } catch (error) {
        if (error instanceof z.ZodError) return sendMessage(reply, 400, 'Bad request', error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; '), signed);
        if (error instanceof MfaCoverageError && (error.code === 'INPUT_INVALID' || error.code === 'CONFIG_INVALID')) return sendMessage(reply, 400, 'Bad request', error.message, signed);
        throw error;
      }
    };

  app.get(consoleRoot, publicRoute, page(readScopes, async (_request, reply, signed) => sendPage(reply, 200, 'Home', 'home', signed, renderHomePage(await deps.data.home()))));
  app.get(`${consoleRoot}/`, publicRoute, async (_request, reply) => reply.redirect(consoleRoot, 301));

  app.get(
    `${consoleRoot}/accounts`,
    publicRoute,
    page(readScopes, async (request, reply, signed) => sendPage(reply, 200, 'Accounts', 'accounts', signed, renderAccountsPage(await deps.data.accounts(parseAccountQuery(request.query))))),
  );

  app.get(
    `${consoleRoot}/people/:personId`,
    publicRoute,
    page(readScopes, async (request, reply, signed) => {
      const { personId } = z.object({ personId: z.string().min(1).max(300) }).parse(request.params);
      const view = await deps.data.person(personId);
      if (view.accounts.length === 0 && view.person === null) return sendMessage(reply, 404, 'Unknown person', `No stored report knows the person ${personId}.`, signed);
      return sendPage(reply, 200, view.person?.name ?? personId, 'accounts', signed, renderPersonPage(view));
    }),
  );

  app.get(
    `${consoleRoot}/alerts`,
    publicRoute,
    page(readScopes, async (request, reply, signed) => {
      if (!deps.alerts) return sendMessage(reply, 404, 'Alerts', 'Alerts are not configured on this service.', signed);
      const { status } = z.object({ status: z.enum([...alertStatuses, 'all']).default('open') }).parse(request.query);
      return sendPage(reply, 200, 'Alerts', 'alerts', signed, renderAlertsPage({ status, rows: await deps.alerts.list(status, 200) }));
    }),
  );

  app.get(
    `${consoleRoot}/alerts/:alertId`,
    publicRoute,
    page(readScopes, async (request, reply, signed) => {
      const { alertId } = z.object({ alertId: z.string().min(1).max(200) }).parse(request.params);
      const { acknowledged } = z.object({ acknowledged: z.literal('1').optional() }).parse(request.query);
      const alert = deps.alerts ? await deps.alerts.get(alertId) : undefined;
      if (!alert) return sendMessage(reply, 404, 'Unknown alert', `There is no alert ${alertId}.`, signed);
      const canAcknowledge = scopesAdmit(signed.session.user.scopes, acknowledgeScopes);
      const body = renderAlertPage(alert, { canAcknowledge, csrfToken: csrfTokenFor(signed.secret), ...(acknowledged ? { notice: 'Acknowledged.' } : {}) });
      return sendPage(reply, 200, alert.title, 'alerts', signed, body);
    }),
  );

  app.post(
    `${consoleRoot}/alerts/:alertId/ack`,
    publicRoute,
    page(acknowledgeScopes, async (request, reply, signed) => {
      const { alertId } = z.object({ alertId: z.string().min(1).max(200) }).parse(request.params);
      const alert = deps.alerts ? await deps.alerts.acknowledge(alertId, signed.session.user.name) : undefined;
      if (!alert) return sendMessage(reply, 404, 'Unknown alert', `There is no alert ${alertId}.`, signed);
      request.log.info({ alertId, by: signed.session.principalId }, 'alert acknowledged from the console');
      return reply.redirect(`${consoleRoot}/alerts/${encodeURIComponent(alertId)}?acknowledged=1`, 303);
    }),
  );

  app.get(
    `${consoleRoot}/runs`,
    publicRoute,
    page(readScopes, async (request, reply, signed) => {
      const { after } = z.object({ after: z.string().max(200).optional() }).parse(request.query);
      const view = await deps.data.runs(after ?? null);
      const body = renderRunsPage(view, { canStart: scopesAdmit(signed.session.user.scopes, scanScopes), csrfToken: csrfTokenFor(signed.secret) });
      return sendPage(reply, 200, 'Runs', 'runs', signed, body, view.runs.some((run) => run.status === 'queued' || run.status === 'running') ? 5 : undefined);
    }),
  );

  app.post(
    `${consoleRoot}/runs`,
    publicRoute,
    page(scanScopes, async (request, reply, signed) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const given = body.sources === undefined ? [] : Array.isArray(body.sources) ? body.sources : [body.sources];
      const sources = z.array(z.string().min(1).max(200)).max(500).parse(given);
      const { runId } = await deps.scans.start({ trigger: 'manual', ...(sources.length > 0 ? { sources } : {}) });
      request.log.info({ runId, by: signed.session.principalId }, 'scan started from the console');
      return reply.redirect(`${consoleRoot}/runs/${encodeURIComponent(runId)}`, 303);
    }),
  );

  const runPage = (verify: boolean) =>
    page(readScopes, async (request, reply, signed) => {
      const { runId } = z.object({ runId: z.string().min(1).max(200) }).parse(request.params);
      const view = await deps.data.run(runId, { verify });
      if (!view) return sendMessage(reply, 404, 'Unknown run', `There is no run ${runId}.`, signed);
      const active = view.run.status === 'queued' || view.run.status === 'running';
      return sendPage(reply, 200, `Run ${runId}`, 'runs', signed, renderRunPage(view), active ? 2 : undefined);
    });
  app.get(`${consoleRoot}/runs/:runId`, publicRoute, runPage(false));
  app.get(`${consoleRoot}/runs/:runId/verify`, publicRoute, runPage(true));

  app.get(
    `${consoleRoot}/runs/:runId/artefacts/:file`,
    publicRoute,
    page(readScopes, async (request, reply, signed) => {
      const { runId, file } = z.object({ runId: z.string().min(1).max(200), file: z.string().min(1).max(200) }).parse(request.params);
      const artefact = await deps.data.artefact(runId, file);
      if (!artefact) return sendMessage(reply, 404, 'Unknown artefact', `Run ${runId} has no artefact ${file}.`, signed);
      return sendArtefact(reply, artefact.path, artefact.mediaType, file);
    }),
  );

  app.get(
    `${consoleRoot}/exceptions`,
    publicRoute,
    page(readScopes, async (request, reply, signed) => {
      const { state } = z.object({ state: z.enum(['all', 'documented', 'expired', 'incomplete', 'stale']).default('all') }).parse(request.query);
      return sendPage(reply, 200, 'Exception register', 'exceptions', signed, renderExceptionsPage(await deps.data.exceptions(state)));
    }),
  );

  app.get(
    `${consoleRoot}/exceptions.csv`,
    publicRoute,
    page(readScopes, async (_request, reply, signed) => {
      const csv = await deps.data.exceptionsCsv();
      if (!csv) return sendMessage(reply, 404, 'No report', 'No report has been stored yet.', signed);
      return sendArtefact(reply, csv.path, 'text/csv; charset=utf-8; header=present', `exceptions-${csv.runId}.csv`, 'attachment');
    }),
  );

  app.get(`${consoleRoot}/favicon.svg`, publicRoute, async (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').header('content-security-policy', "default-src 'none'").send(consoleFavicon),
  );

  app.get(`${consoleRoot}/sign-in`, publicRoute, async (request, reply) => {
    const { next, problem } = z.object({ next: z.string().max(2000).optional(), problem: z.string().max(300).optional() }).safeParse(request.query).data ?? {};
    return sendSignIn(request, reply, 200, safeNext(next), problem);
  });

  const sendSignIn = (request: FastifyRequest, reply: FastifyReply, status: number, next: string, problem?: string): FastifyReply => {
    let preSession = request.cookies[signInCookie];
    if (preSession === undefined || !/^[A-Za-z0-9_-]{43}$/.test(preSession)) {
      preSession = randomBytes(32).toString('base64url');
      reply.setCookie(signInCookie, preSession, { path: consoleRoot, httpOnly: true, sameSite: 'strict', secure: 'auto' });
    }
    const body = renderSignInPage({ csrfToken: csrfTokenFor(preSession), next, oidcLabel: deps.oidc?.label ?? null, ...(problem ? { problem } : {}) });
    return sendPage(reply, status, 'Sign in', 'none', null, body);
  };

  app.post(`${consoleRoot}/sign-in`, publicRoute, async (request, reply) => {
    const next = safeNext(formField(request.body, 'next'));
    const preSession = request.cookies[signInCookie];
    if (!isSameOrigin(request) || preSession === undefined || !csrfTokenMatches(preSession, formField(request.body, '_csrf'))) {
      request.log.warn({ sameOrigin: isSameOrigin(request), preSession: preSession !== undefined, csrfField: formField(request.body, '_csrf') !== undefined }, 'console sign-in form refused');
      return sendSignIn(request, reply, 403, next, 'The sign-in form expired or was not sent from this console; try again.');
    }
    const token = formField(request.body, 'token')?.trim() ?? '';
    const opened = token === '' ? undefined : await deps.sessions.openWithToken(token);
    if (!opened) return sendSignIn(request, reply, 401, next, 'That API token is unknown, revoked or expired.');
    if (!scopesAdmit(opened.session.user.scopes, readScopes)) {
      await deps.sessions.close(opened.secret);
      return sendSignIn(request, reply, 403, next, `The console needs a token with the reports:read scope; "${opened.session.user.name}" holds ${opened.session.user.scopes.join(', ')}.`);
    }
    setSessionCookies(reply, opened.secret, opened.session.expiresAt);
    reply.clearCookie(signInCookie, { path: consoleRoot });
    request.log.info({ principal: opened.session.principalId }, 'console session opened with a token');
    return reply.redirect(next, 303);
  });

  app.post(`${consoleRoot}/sign-out`, publicRoute, async (request, reply) => {
    const secret = request.cookies[sessionCookieName];
    // Signing out needs no valid session (it may have expired), but a cross-site form must not end someone's session.
    if (secret !== undefined && isSameOrigin(request) && csrfTokenMatches(secret, formField(request.body, '_csrf'))) await deps.sessions.close(secret);
    clearSessionCookies(reply);
    return reply.redirect(`${consoleRoot}/sign-in`, 303);
  });

  app.get(`${consoleRoot}/oidc/start`, publicRoute, async (request, reply) => {
    if (!deps.oidc) return sendMessage(reply, 404, 'Not configured', 'Sign-in through an identity provider is not configured (console.oidc).', null);
    const { next } = z.object({ next: z.string().max(2000).optional() }).safeParse(request.query).data ?? {};
    let signIn: OidcSignIn;
    try {
      signIn = await deps.oidc.signIn();
    } catch (error) {
      request.log.warn({ err: error }, 'OpenID discovery failed');
      return sendSignIn(request, reply, 502, safeNext(next), `${deps.oidc.label} cannot be reached for sign-in right now; use an API token or try again later.`);
    }
    const { url, pending } = await signIn.begin(safeNext(next), deps.clock().getTime());
    const key = randomBytes(32).toString('base64url');
    for (const [id, entry] of pendingSignIns) if (entry.expiresAt <= deps.clock().getTime()) pendingSignIns.delete(id);
    while (pendingSignIns.size >= maxPendingSignIns) {
      const oldest = pendingSignIns.keys().next().value;
      if (oldest === undefined) break;
      pendingSignIns.delete(oldest);
    }
    pendingSignIns.set(key, pending);
    // Lax, not Strict: the identity provider's redirect back is a cross-site navigation, which Strict cookies skip.
    reply.setCookie(oidcCookie, key, { path: `${consoleRoot}/oidc`, httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: 600 });
    return reply.redirect(url.href, 303);
  });

  app.get(`${consoleRoot}/oidc/callback`, publicRoute, async (request, reply) => {
    if (!deps.oidc) return sendMessage(reply, 404, 'Not configured', 'Sign-in through an identity provider is not configured (console.oidc).', null);
    const key = request.cookies[oidcCookie];
    const pending = key === undefined ? undefined : pendingSignIns.get(key);
    if (key !== undefined) pendingSignIns.delete(key);
    reply.clearCookie(oidcCookie, { path: `${consoleRoot}/oidc` });
    if (!pending || pending.expiresAt <= deps.clock().getTime()) return sendSignIn(request, reply, 400, consoleRoot, 'The sign-in took too long or was started in another browser; try again.');
    try {
      const signIn = await deps.oidc.signIn();
      const identity = await signIn.complete(new URL(request.url, 'http://callback.invalid'), pending);
      const { secret, session } = deps.sessions.openWithIdentity(identity);
      setSessionCookies(reply, secret, session.expiresAt);
      request.log.info({ principal: session.principalId, scopes: identity.scopes }, 'console session opened through OpenID Connect');
      // A page, not a redirect: the session cookie is SameSite=Strict, and a redirect chain that began at the
      // identity provider is cross-site, so the browser would not send it on the next request.
      return sendPage(reply, 200, 'Signed in', 'none', null, html`<h1>Signed in</h1><p>Welcome, ${identity.name}. <a id="continue" href="${pending.next}">Continue to the console</a>.</p>`, 0).header(
        'refresh',
        `0;url=${pending.next}`,
      );
    } catch (error) {
      if (error instanceof MfaCoverageError && error.code === 'AUTH_FAILED') return sendSignIn(request, reply, 403, pending.next, error.message);
      throw error;
    }
  });
}

/** A console path to return to after signing in; anything else (another site, a protocol-relative URL) is the home page. */
function safeNext(next: string | undefined): string {
  if (next === undefined || !next.startsWith(`${consoleRoot}`) || next.startsWith('//') || /[\\\r\n]/.test(next)) return consoleRoot;
  return next;
}

function formField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

function sendArtefact(reply: FastifyReply, file: string, mediaType: string, name: string, disposition: 'inline' | 'attachment' = 'inline'): FastifyReply {
  return (
    reply
      .type(mediaType)
      // The report's own policy (its inline stylesheet only), sandboxed: an artefact never runs script or reaches the console's origin.
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox")
      .header('content-disposition', `${disposition}; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
      .send(createReadStream(file))
  );
}
