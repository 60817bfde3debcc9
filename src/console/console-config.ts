/**
 * The `console:` block of the configuration: which schedule's reports count as "the monthly report" on the home page,
 * how long a console session lasts, and OpenID Connect sign-in against the organisation's own identity provider,
 * with the claim (Entra `groups`/`roles`/`wids`, Okta `groups`) whose values map to API scopes. A user whose claim
 * holds no mapped value cannot sign in: access is granted only by configuration, never by default.
 */
import { z } from 'zod';
import { apiScopeSchema } from '../api/auth/api-scopes.js';
import { secretReferenceSchema } from '../config/secret-reference.js';

export const oidcSignInConfigSchema = z
  .object({
    /** Shown on the sign-in button, e.g. `Microsoft Entra ID` or `Okta`. */
    label: z.string().min(1).max(80),
    /**
     * The issuer exactly as its discovery document names it: `https://login.microsoftonline.com/<tenant id>/v2.0`
     * for Entra ID, `https://<org>.okta.com` (org server) or `https://<org>.okta.com/oauth2/<server id>` for Okta.
     */
    issuer: z.url(),
    clientId: z.string().min(1),
    /** The client secret of the app registration / app integration, from env or a file. */
    clientSecret: secretReferenceSchema,
    /** The redirect URI registered with the IdP: this server's `/console/oidc/callback` as browsers reach it. */
    redirectUri: z.url(),
    /** Scopes requested; Okta needs `groups` for the groups claim. */
    scopes: z.array(z.string().min(1)).default(['openid', 'profile', 'email']),
    /** The ID-token claim whose values are mapped to scopes (a string or an array of strings). */
    claim: z.string().min(1).default('groups'),
    /** Claim value (an Entra group object id, an app role, an Okta group name) → the API scopes it grants. */
    scopesByClaimValue: z.record(z.string().min(1), z.array(apiScopeSchema).min(1)).refine((map) => Object.keys(map).length > 0, {
      message: 'map at least one claim value to scopes, or nobody can sign in',
    }),
    /** Allow an http:// issuer (the local simulators only); a real IdP is always https. */
    allowHttp: z.boolean().default(false),
  })
  .strict();
export type OidcSignInConfig = z.infer<typeof oidcSignInConfigSchema>;

export const consoleConfigSchema = z
  .object({
    /** The schedule whose reports are the monthly reports the home page compares with. */
    monthlySchedule: z.string().min(1).default('monthly-report'),
    /** How long a console session lasts after signing in, in minutes. */
    sessionTtlMinutes: z
      .number()
      .int()
      .min(5)
      .max(7 * 24 * 60)
      .default(480),
    oidc: oidcSignInConfigSchema.optional(),
  })
  .strict();
export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;

export const defaultConsoleConfig: ConsoleConfig = consoleConfigSchema.parse({});
