/**
 * The console's stylesheet: the report's (same tones, tables, badges, print rules) plus the console's own header,
 * navigation, forms and pagination. It is inlined in every page and allowed by its SHA-256 in the Content Security
 * Policy, so the policy can forbid every other style, script, font and image. Colours keep a contrast ratio of at
 * least 4.5:1 on white (WCAG 2.2 AA), and focus is always visible for keyboard users.
 */
import { createHash } from 'node:crypto';
import { reportStylesheet } from '../reports/html-report-style.js';

const consoleRules = `
.console-header { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px 24px; border-bottom: 2px solid var(--ink); padding-bottom: 8px; margin-bottom: 8px; }
.console-header .product { font-weight: 700; font-size: 18px; color: var(--ink); text-decoration: none; }
.console-nav ul { display: flex; flex-wrap: wrap; gap: 4px 18px; list-style: none; margin: 0; padding: 0; }
.console-nav a { color: var(--standard); text-decoration: none; padding: 4px 2px; }
.console-nav a[aria-current="page"] { color: var(--ink); font-weight: 700; border-bottom: 3px solid var(--standard); }
.whoami { display: flex; align-items: center; gap: 10px; color: var(--muted); }
a { color: #0b57a4; }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible { outline: 3px solid #0b57a4; outline-offset: 2px; }
.skip-link { position: absolute; left: -9999px; }
.skip-link:focus { left: 8px; top: 8px; background: #fff; padding: 6px 10px; border: 2px solid var(--ink); z-index: 10; }
form.filters { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: flex-end; margin: 12px 0; padding: 10px; background: var(--soft); border-radius: 4px; }
form.filters label, form.stacked label { display: block; font-size: 12px; font-weight: 600; color: var(--ink); margin-bottom: 2px; }
input[type="text"], input[type="search"], input[type="password"], select { font: inherit; padding: 4px 6px; border: 1px solid #767676; border-radius: 3px; min-width: 140px; background: #fff; color: var(--ink); }
button { font: inherit; padding: 5px 12px; border: 1px solid #0b57a4; border-radius: 3px; background: #0b57a4; color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: #0b57a4; }
a.button { display: inline-block; padding: 6px 14px; border-radius: 3px; background: #0b57a4; color: #fff; text-decoration: none; font-weight: 600; }
form.inline { display: inline; }
form.stacked { max-width: 420px; }
form.stacked p { margin: 10px 0; }
.pagination { display: flex; gap: 16px; align-items: center; margin: 12px 0; }
.notice { border: 1px solid var(--line); border-left: 6px solid var(--standard); padding: 8px 12px; margin: 12px 0; }
.notice.bad { border-left-color: var(--bad); background: #fdecea; }
.notice.ok { border-left-color: var(--good); }
.change.up { color: var(--good); } .change.down { color: var(--bad); }
.sign-in { max-width: 480px; margin: 48px auto; }
dl.meta dd code { word-break: break-all; }
progress { width: 160px; }
@media print {
  .console-header .console-nav, .whoami form, form.filters, .pagination, .skip-link, form.action { display: none; }
}
`;

export const consoleStylesheet = reportStylesheet + consoleRules;

/** The CSP source expression that admits exactly this stylesheet inline. */
export const consoleStyleHash = `'sha256-${createHash('sha256').update(consoleStylesheet, 'utf8').digest('base64')}'`;

/**
 * The console's Content Security Policy: nothing is loaded from anywhere, no script runs, forms post only here, and
 * no other site may frame the console (clickjacking).
 */
export const consoleContentSecurityPolicy = [
  "default-src 'none'",
  `style-src ${consoleStyleHash}`,
  "img-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');
