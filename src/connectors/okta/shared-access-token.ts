/**
 * One OAuth access token for every worker of a scan. The SDK caches the service app's token without looking at its
 * expiry, and when Okta answers 401 each request in flight clears the cache and asks the token endpoint for a token
 * of its own: dozens of token requests and a 401 per worker every hour. The SDK also stamps the token on a request
 * before the rate-limit governor admits it, so a request that waited long can leave with a token that has expired
 * meanwhile. Here the token is renewed on a timer shortly before it expires (the old one serves until the new one
 * arrives), by one token request, a 401 drops it only when the token that was refused is still the current one,
 * and the executor stamps the current token on each request as it is sent.
 */
import type { Client } from '@okta/okta-sdk-nodejs';
import type { Clock } from './okta-clock.js';

type OAuth = Client['oauth'];
type TokenEndpointResponse = Awaited<ReturnType<OAuth['getAccessToken']>>;

/** Renew this long before expiry (at most half the lifetime): a request admitted just before must not outlive it. */
const renewalMarginMs = 5 * 60_000;

export interface SharedAccessTokenOptions {
  clock: Clock;
  /** Whether Okta has answered 401 to a request sent with this access token. */
  wasRefused(accessToken: string): boolean;
}

export interface SharedAccessToken {
  /** Renews the token when it is due (waits for a renewal under way); never holds a rate-limit permit. */
  refresh(): Promise<void>;
  /** The access token to send now, when one is held. */
  current(): string | undefined;
  /** Stops renewing (the scan is over). */
  close(): void;
}

export function shareAccessToken(oauth: OAuth, options: SharedAccessTokenOptions): SharedAccessToken {
  const fetchToken = oauth.getAccessToken.bind(oauth) as (dpopNonce?: string | null) => Promise<TokenEndpointResponse>;
  const cache = oauth as { accessToken: TokenEndpointResponse | null };
  let held: { response: TokenEndpointResponse; renewAt: number; expiresAt: number } | undefined;
  let pending: Promise<TokenEndpointResponse> | undefined;
  let cancelRenewal = (): void => undefined;

  const valid = (): TokenEndpointResponse | undefined => (held && options.clock.now() < held.expiresAt ? held.response : undefined);
  const renew = (): Promise<TokenEndpointResponse> => {
    pending ??= (async () => {
      // The SDK answers from its cache while it holds a token: empty it so that it asks the token endpoint.
      cache.accessToken = null;
      // Lifetimes count from the request: the server's clock started before the answer arrived.
      const requestedAt = options.clock.now();
      try {
        const response = await fetchToken();
        const lifetimeMs = Number.isFinite(response.expires_in) && response.expires_in > 0 ? response.expires_in * 1000 : Number.POSITIVE_INFINITY;
        const renewAt = requestedAt + lifetimeMs - Math.min(renewalMarginMs, lifetimeMs / 2);
        held = { response, renewAt, expiresAt: requestedAt + lifetimeMs };
        // On a timer, not on the next request: every worker may be waiting for a rate-limit permit when it is due.
        cancelRenewal();
        if (Number.isFinite(renewAt)) {
          cancelRenewal = options.clock.setTimer(renewAt - options.clock.now(), () => {
            // Not lost: the current token serves until it expires, then the next request renews in the open and
            // meets the same error (a refused client fails the source there).
            renew().catch(() => undefined);
          });
        }
        return response;
      } finally {
        cache.accessToken = held?.response ?? null;
        pending = undefined;
      }
    })();
    return pending;
  };

  oauth.getAccessToken = (...args: unknown[]): Promise<TokenEndpointResponse> => {
    // The SDK calls itself with a DPoP nonce while a token request is under way: let that through.
    const [dpopNonce] = args as [string | null | undefined];
    if (dpopNonce) return fetchToken(dpopNonce);
    const token = valid();
    return token ? Promise.resolve(token) : renew();
  };

  oauth.clearCachedAccessToken = (): void => {
    if (held && options.wasRefused(held.response.access_token)) {
      held = undefined;
      if (!pending) cache.accessToken = null;
    }
  };

  return {
    refresh: async () => {
      await oauth.getAccessToken();
    },
    current: () => valid()?.access_token,
    close: () => {
      cancelRenewal();
    },
  };
}
