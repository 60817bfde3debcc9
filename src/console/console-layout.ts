/**
 * The frame of every console page: skip link, header with navigation and the signed-in user, the page's content,
 * and the stylesheet inlined under the CSP hash. Pages hand over their body as `SafeHtml` built with the `html` tag,
 * so every string from an identity provider (names, logins, policy names, reasons) reaches the page escaped.
 */
import { escapeHtml, html, type SafeHtml } from '../reports/safe-html.js';
import { consoleStylesheet } from './console-style.js';
import type { ConsoleUser } from './console-views.js';

export const consoleRoot = '/console';

export type ConsoleSection = 'home' | 'accounts' | 'alerts' | 'runs' | 'exceptions' | 'none';

const sections: ReadonlyArray<[ConsoleSection, string, string]> = [
  ['home', 'Home', consoleRoot],
  ['accounts', 'Accounts not covered', `${consoleRoot}/accounts`],
  ['alerts', 'Alerts', `${consoleRoot}/alerts`],
  ['runs', 'Runs', `${consoleRoot}/runs`],
  ['exceptions', 'Exception register', `${consoleRoot}/exceptions`],
];

export interface PageFrame {
  title: string;
  section: ConsoleSection;
  /** Null on the sign-in page. */
  user: ConsoleUser | null;
  /** The session's CSRF token, put into every form. */
  csrfToken: string;
  body: SafeHtml;
  /** Reload the page every so many seconds (a run in progress), without any script. */
  refreshSeconds?: number;
}

export function renderConsolePage(frame: PageFrame): string {
  const header = frame.user
    ? html`<header class="console-header">
<a class="product" href="${consoleRoot}">mfa-coverage</a>
<nav class="console-nav" aria-label="Console"><ul>${sections.map(([id, label, href]) =>
        id === frame.section ? html`<li><a href="${href}" aria-current="page">${label}</a></li>` : html`<li><a href="${href}">${label}</a></li>`,
      )}</ul></nav>
<div class="whoami"><span>Signed in as <strong>${frame.user.name}</strong> (${frame.user.scopes.join(', ')})</span>
<form class="inline" method="post" action="${consoleRoot}/sign-out">${csrfField(frame.csrfToken)}<button class="secondary" type="submit">Sign out</button></form></div>
</header>`
    : html`<header class="console-header"><span class="product">mfa-coverage</span></header>`;
  const body = html`<body>
<a class="skip-link" href="#content">Skip to content</a>
${header}
<main id="content" tabindex="-1">
${frame.body}
</main>
</body>`;
  // The head is assembled as a string: the stylesheet is our own constant, not a value to escape.
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
${frame.refreshSeconds ? `<meta http-equiv="refresh" content="${Math.max(1, Math.round(frame.refreshSeconds))}">\n` : ''}<link rel="icon" href="${consoleRoot}/favicon.svg" type="image/svg+xml">
<title>${escapeHtml(frame.title)} · mfa-coverage</title>
<style>${consoleStylesheet}</style>
</head>
${body.toString()}
</html>
`;
}

/** The console's icon, served from here so the browser never asks the API for /favicon.ico. */
export const consoleFavicon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b57a4"/><path d="M4 8.5l2.5 2.5L12 5.5" stroke="#fff" stroke-width="2" fill="none"/></svg>';

/** The hidden field every form carries. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}
