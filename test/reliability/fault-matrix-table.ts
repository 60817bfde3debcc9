/**
 * The fault matrix (issue 15) as one table: fault × connector → the targeted source's status, the exit status, and
 * that a report is written. Each row injects its fault at the wire, through a proxy in front of one connector's
 * simulator; `fault-matrix-run.ts` scans and checks every other source reports as it does without the fault.
 */
import type { IdentityProviderId } from '../../src/model/identity-provider.js';
import type { Fault, FaultRule, ProxiedRequest, ProxiedResponse } from '../../src/simulators/fault-proxy.js';
import type { SourceStatus } from '../../src/snapshot/snapshot-format.js';
import type { Report } from '../../src/reports/report-model.js';

type Match = FaultRule['match'];

/** Per connector: the request that lists accounts, one that reads something else, and any request at all. */
const requests: Record<IdentityProviderId, { accounts: Match; other: Match; any: Match }> = {
  entra: { accounts: { path: /^\/v1\.0\/users\?/ }, other: { path: /^\/v1\.0\/identity\/conditionalAccess\/namedLocations/ }, any: { path: /^\/v1\.0\// } },
  okta: { accounts: { path: /^\/api\/v1\/users\?(?!.*filter)/ }, other: { path: /^\/api\/v1\/zones/ }, any: { path: /^\/api\/v1\// } },
  google: { accounts: { path: /^\/admin\/directory\/v1\/users\?/ }, other: { path: /\/orgunits/ }, any: { path: /^\// } },
  aws: { accounts: { body: /Action=ListUsers/ }, other: { body: /Action=GetAccountSummary/ }, any: { path: /^\// } },
};

/** Each vendor's own answer to a token it does not accept. */
const credentialRefusal: Record<IdentityProviderId, Fault> = {
  entra: { kind: 'status', status: 401, body: JSON.stringify({ error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' } }) },
  okta: { kind: 'status', status: 401, body: JSON.stringify({ errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorLink: 'E0000011', errorId: 'oaeRevoked', errorCauses: [] }) },
  google: { kind: 'status', status: 401, body: JSON.stringify({ error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } }) },
  aws: {
    kind: 'status',
    status: 403,
    contentType: 'text/xml',
    body: '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>4f1c</RequestId></ErrorResponse>',
  },
};

const json = (response: ProxiedResponse, change: (body: Record<string, unknown>) => void): ProxiedResponse => {
  const body = JSON.parse(response.body) as Record<string, unknown>;
  change(body);
  return { ...response, status: 200, body: JSON.stringify(body) };
};

/** A listing that names its own page as the next one (a server repeating a cursor). */
const repeatedCursor: Record<IdentityProviderId, Fault> = {
  entra: { kind: 'rewrite', rewrite: (response, request) => json(response, (body) => (body['@odata.nextLink'] = `http://${request.host}${request.path}`)) },
  okta: { kind: 'rewrite', rewrite: (response, request) => ({ ...response, headers: { ...response.headers, link: `<http://${request.host}${request.path}>; rel="next"` } }) },
  google: { kind: 'rewrite', rewrite: (response) => json(response, (body) => (body.nextPageToken = 'same-token-again')) },
  aws: { kind: 'rewrite', rewrite: (response) => ({ ...response, body: response.body.replace('<IsTruncated>false</IsTruncated>', '<IsTruncated>true</IsTruncated><Marker>same-marker</Marker>') }) },
};

/** Empty pages that always link a fresh next one (a server that never ends a listing). */
function endlessEmptyPages(connector: IdentityProviderId): Fault {
  let page = 0;
  const next = (): string => `empty${(page += 1)}`;
  const rewrites: Record<IdentityProviderId, (response: ProxiedResponse, request: ProxiedRequest) => ProxiedResponse> = {
    entra: (response, request) =>
      json({ ...response, body: '{}' }, (body) => {
        body.value = [];
        body['@odata.nextLink'] = `http://${request.host}/v1.0/users?$skiptoken=${next()}`;
      }),
    okta: (_response, request) => ({ status: 200, headers: { 'content-type': 'application/json', link: `<http://${request.host}/api/v1/users?limit=200&after=${next()}>; rel="next"` }, body: '[]' }),
    google: () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'admin#directory#users', users: [], nextPageToken: next() }) }),
    aws: (response) => ({
      ...response,
      status: 200,
      body: response.body.replace(/<Users>[\s\S]*<\/Users>/, '<Users/>').replace(/<IsTruncated>\w+<\/IsTruncated>(<Marker>[^<]*<\/Marker>)?/, `<IsTruncated>true</IsTruncated><Marker>${next()}</Marker>`),
    }),
  };
  return { kind: 'rewrite', rewrite: rewrites[connector] };
}

export interface Row {
  fault: string;
  rules: (connector: IdentityProviderId) => FaultRule[];
  /** Connectors where the concept does not exist are left out. */
  connectors?: readonly IdentityProviderId[];
  /** The targeted source's status; `baseline` when the fault must leave no trace (retried away). */
  target: SourceStatus | 'baseline';
  exit: number;
  /** What the targeted source's errors must say. */
  says?: RegExp;
  /** Anything else the report must show. */
  check?: (report: Report) => void;
  /** Settings of the targeted source for this row (merged over the harness's fast ones). */
  settings?: Record<string, unknown>;
}

export const all: readonly IdentityProviderId[] = ['entra', 'okta', 'google', 'aws'];

export const matrix: readonly Row[] = [
  // 1. A 200 that is not the vendor's JSON is an error of that endpoint, never data.
  { fault: 'account list answered 200 with an HTML login page', rules: (c) => [{ match: requests[c].accounts, fault: { kind: 'html-login-page' } }], target: 'failed', exit: 1, says: /not|invalid|parse|JSON|XML|list/i },
  { fault: 'account list answered 200 with garbage', rules: (c) => [{ match: requests[c].accounts, fault: { kind: 'garbage' } }], target: 'failed', exit: 1 },
  { fault: 'account list answered 200 with truncated JSON/XML', rules: (c) => [{ match: requests[c].accounts, fault: { kind: 'truncated' } }], target: 'failed', exit: 1 },
  { fault: 'another endpoint answered 200 with an HTML login page', rules: (c) => [{ match: requests[c].other, fault: { kind: 'html-login-page' } }], target: 'partial', exit: 0 },
  // 2. A credential failure fails that source only.
  { fault: 'credentials rejected from the first request', rules: (c) => [{ match: requests[c].any, fault: credentialRefusal[c] }], target: 'failed', exit: 1, says: /credential|token|reject/i },
  { fault: 'credentials revoked after 3 requests', rules: (c) => [{ match: requests[c].any, after: 3, fault: credentialRefusal[c] }], target: 'failed', exit: 1 },
  // 3. No account list: failed, exit 1, report for the others.
  { fault: 'account list unreachable (connection dropped every time)', rules: (c) => [{ match: requests[c].accounts, fault: { kind: 'dropped' } }], target: 'failed', exit: 1 },
  { fault: 'account list body dropped mid-way every time', rules: (c) => [{ match: requests[c].accounts, fault: { kind: 'dropped-mid-body' } }], target: 'failed', exit: 1 },
  // 4. Paging loops stop at once.
  { fault: 'account list repeats its next cursor', rules: (c) => [{ match: requests[c].accounts, fault: repeatedCursor[c] }], target: 'failed', exit: 1, says: /repeat|same page/i },
  { fault: 'account list sends empty pages that link a next one, forever', rules: (c) => [{ match: requests[c].accounts, fault: endlessEmptyPages(c) }], target: 'failed', exit: 1, says: /empty pages/i },
  // 5. Timeouts and retries within a deadline.
  { fault: 'account list answers 502 once', rules: (c) => [{ match: requests[c].accounts, times: 1, fault: { kind: 'status', status: 502, contentType: 'text/html', body: '<html>Bad Gateway</html>' } }], target: 'baseline', exit: 0 },
  { fault: 'account list connection reset once', rules: (c) => [{ match: requests[c].accounts, times: 1, fault: { kind: 'dropped' } }], target: 'baseline', exit: 0 },
  { fault: 'account list body dropped mid-way once', rules: (c) => [{ match: requests[c].accounts, times: 1, fault: { kind: 'dropped-mid-body' } }], target: 'baseline', exit: 0 },
  { fault: 'account list hangs once (per-request timeout, then retried)', rules: (c) => [{ match: requests[c].accounts, times: 1, fault: { kind: 'hang' } }], target: 'baseline', exit: 0 },
  { fault: 'another endpoint hangs every time', rules: (c) => [{ match: requests[c].other, fault: { kind: 'hang' } }], target: 'partial', exit: 0 },
  {
    fault: 'every request hangs (the source deadline ends it)',
    rules: (c) => [{ match: requests[c].any, fault: { kind: 'hang' } }],
    settings: { deadlineMs: 2500 },
    target: 'failed',
    exit: 1,
    says: /deadline/i,
  },
  // 11. Okta only: other callers using the rate-limit budget.
  {
    fault: 'rate-limit budget starved by other callers',
    connectors: ['okta'],
    rules: () => [
      {
        match: { path: /^\/api\/v1\/users\?(?!.*filter)/ },
        fault: {
          kind: 'rewrite',
          rewrite: (response) => ({
            ...response,
            headers: { ...response.headers, 'x-rate-limit-limit': '600', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 120) },
          }),
        },
      },
    ],
    target: 'partial',
    exit: 0,
    says: /no budget|other callers/i,
  },
  // 10. Okta only: a user status the scanner does not know is judged unknown, never excluded.
  {
    fault: 'a user status the scanner does not know',
    connectors: ['okta'],
    rules: () => [
      {
        match: { path: /^\/api\/v1\/users\?(?!.*filter)/ },
        fault: {
          kind: 'rewrite',
          rewrite: (response) => {
            const users = JSON.parse(response.body) as Array<{ status: string; profile: { login: string } }>;
            const first = users.find((user) => user.status === 'ACTIVE');
            if (first) {
              first.status = 'QUARANTINED';
              first.profile.login = `quarantined.${first.profile.login}`;
            }
            return { ...response, body: JSON.stringify(users) };
          },
        },
      },
    ],
    target: 'baseline',
    exit: 0,
    check: (report) => {
      const account = report.accounts.find((candidate) => candidate.login.startsWith('quarantined.'));
      expect(account?.covered).toBe('unknown');
      expect(account?.reasons.join(' ')).toMatch(/QUARANTINED is not one the scanner knows/);
    },
  },
];
