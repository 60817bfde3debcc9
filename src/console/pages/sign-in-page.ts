/**
 * The sign-in page: the organisation's identity provider (OpenID Connect) when configured, and the token login (an
 * API token from `mfa-coverage token create`, exchanged for a session cookie). The OpenID button is a link, not a
 * form: its redirect to the identity provider would otherwise be blocked by the CSP's `form-action 'self'`.
 */
import { html, type SafeHtml } from '../../reports/safe-html.js';
import { consoleRoot, csrfField } from '../console-layout.js';

export interface SignInOptions {
  csrfToken: string;
  /** Where to go after signing in (a console path). */
  next: string;
  /** The configured identity provider's label, when OpenID Connect sign-in is on. */
  oidcLabel: string | null;
  problem?: string;
}

export function renderSignInPage(options: SignInOptions): SafeHtml {
  return html`<div class="sign-in">
<h1>Sign in to the MFA coverage console</h1>
${options.problem ? html`<p class="notice bad" role="alert">${options.problem}</p>` : ''}
${options.oidcLabel
  ? html`<p><a class="button" id="oidc-sign-in" href="${consoleRoot}/oidc/start?next=${encodeURIComponent(options.next)}">Sign in with ${options.oidcLabel}</a></p><p>or with an API token:</p>`
  : ''}
<form class="stacked" method="post" action="${consoleRoot}/sign-in">${csrfField(options.csrfToken)}
<input type="hidden" name="next" value="${options.next}">
<p><label for="token">API token</label><input id="token" name="token" type="password" autocomplete="off" required spellcheck="false" size="60"></p>
<p><button type="submit">Sign in</button></p>
</form>
<p class="login">A token is created with <code>mfa-coverage token create --name NAME --scopes reports:read</code>; it is exchanged for a session cookie and not kept by the browser.</p>
</div>`;
}

export function renderMessagePage(title: string, message: string): SafeHtml {
  return html`<h1>${title}</h1><p class="notice bad" role="alert">${message}</p><p><a href="${consoleRoot}">Back to the console</a></p>`;
}
