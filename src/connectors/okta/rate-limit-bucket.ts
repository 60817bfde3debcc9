/**
 * Which of Okta's per-minute rate-limit buckets a request draws from, following the management rate-limit table
 * (developer.okta.com/docs/reference/rl-global-mgmt). The governor keeps one budget per bucket, so two endpoints
 * that share a bucket (factors, policies and roles all fall under "most other /api/v1") share one budget.
 */

export interface RateLimitBucket {
  key: string;
  /** The request with ids replaced by `{id}`, for request counts. */
  label: string;
}

const idCollections = new Set(['users', 'groups', 'policies', 'apps', 'rules', 'zones', 'authenticators', 'factors', 'roles']);

/** `/api/v1/users/00u1/factors` → `/api/v1/users/{id}/factors`. */
export function templatePath(pathname: string): string {
  const segments = pathname.split('/');
  return segments
    .map((segment, index) => (index > 0 && idCollections.has(segments[index - 1] ?? '') && index >= 4 ? '{id}' : segment))
    .join('/');
}

export function rateLimitBucketOf(method: string, url: URL): RateLimitBucket {
  const verb = method.toUpperCase();
  const path = url.pathname.replace(/\/+$/, '');
  const label = `${verb} ${templatePath(path)}`;
  const segments = path.split('/').filter((segment) => segment !== '');
  const [root, version, collection, id, sub] = segments;
  if (root === 'oauth2') return { key: 'oauth2-token', label };
  if (root !== 'api' || version !== 'v1') return { key: `other:${label}`, label };
  switch (collection) {
    case 'users':
      if (id === undefined) return { key: 'users', label };
      if (sub === undefined) return { key: verb === 'GET' ? 'user-by-id' : 'user-update', label };
      return { key: 'api-v1', label };
    case 'logs':
      return { key: 'logs', label };
    case 'apps':
      return { key: id !== undefined && sub === undefined ? 'app-by-id' : 'apps', label };
    case 'groups':
      return { key: id !== undefined && sub === undefined && id !== 'rules' ? 'group-by-id' : 'groups', label };
    default:
      return { key: 'api-v1', label };
  }
}
