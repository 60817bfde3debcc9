/**
 * The console as one of the API's route modules: its data over the history store, sessions over the token
 * repository, scans through the service's launcher, OpenID Connect from `console.oidc` (discovered on first use, so
 * `serve` starts even while the identity provider is unreachable, and retried after a failure).
 */
import type { ApiDependencies, ApiRouteModule } from '../api/api-dependencies.js';
import { resolveSecret } from '../config/secret-reference.js';
import type { OidcSignInConfig } from './console-config.js';
import type { ConsoleAlerts } from './console-data.js';
import { registerConsole, type ConsoleDependencies, type ConsoleOidc } from './console-routes.js';
import { ConsoleSessions } from './console-sessions.js';
import { createHistoryConsoleData } from './history-console-data.js';
import { OidcSignIn } from './oidc-sign-in.js';
import { repositoryConsoleAlerts } from './repository-console-alerts.js';
import { AlertRepository } from '../store/alert-repository.js';

export function consoleDependencies(deps: ApiDependencies, alerts: ConsoleAlerts | null): ConsoleDependencies {
  const settings = deps.config.console;
  return {
    data: createHistoryConsoleData({ history: deps.history, alerts, monthlySchedule: settings.monthlySchedule, sources: Object.keys(deps.config.sources) }),
    alerts,
    sessions: new ConsoleSessions(deps.tokens, settings.sessionTtlMinutes * 60_000, deps.clock),
    scans: deps.scans,
    oidc: settings.oidc ? lazyOidc(settings.oidc) : null,
    clock: deps.clock,
  };
}

export function lazyOidc(settings: OidcSignInConfig, environment: NodeJS.ProcessEnv = process.env): ConsoleOidc {
  let discovered: Promise<OidcSignIn> | null = null;
  return {
    label: settings.label,
    signIn() {
      discovered ??= resolveSecret(settings.clientSecret, 'console.oidc.clientSecret', environment)
        .then((secret) => OidcSignIn.discover(settings, secret))
        .catch((error: unknown) => {
          discovered = null;
          throw error;
        });
      return discovered;
    },
  };
}

/** The console's route module, over the store's alerts. */
export const consoleRoutes: ApiRouteModule = (app, deps) =>
  registerConsole(app, consoleDependencies(deps, repositoryConsoleAlerts(new AlertRepository(deps.store.db), deps.clock)));
