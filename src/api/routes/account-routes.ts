/**
 * `GET /v1/accounts`: every account's verdict in the latest run that recorded a report (or in `runId`), filtered
 * and paged by keyset (source id, account id), so a page deep into a million accounts costs what the first does.
 * `covered` filters on coverage after federation (`effectiveCovered`), as the report's figures count it.
 */
import { z } from 'zod';
import { coverageValues } from '../../model/account.js';
import { identityProviderIds } from '../../model/identity-provider.js';
import { gapKinds } from '../../reconcile/exception-register.js';
import { exemptionStates } from '../../reconcile/exemption-states.js';
import { accountClasses } from '../../reconcile/reconcile-config.js';
import type { VerdictFilter, VerdictRecord } from '../../store/history-store.js';
import { ApiError, apiErrorSchema, authenticatedErrorResponses } from '../api-errors.js';
import type { ApiDependencies, ApiRouteModule } from '../api-dependencies.js';
import { runIdSchema } from '../api-schemas.js';
import { decodeCursor, encodeCursor, pageQuerySchema } from '../page-cursor.js';

const verdictCursorSchema = z.object({ sourceId: z.string(), accountId: z.string() }).strict();

export const accountSchema = z
  .object({
    sourceId: z.string(),
    accountId: z.string(),
    idp: z.string(),
    tenant: z.string(),
    login: z.string(),
    displayName: z.string(),
    personId: z.string().nullable(),
    kind: z.string(),
    enabled: z.boolean(),
    privileged: z.boolean(),
    tier: z.number().int(),
    class: z.string(),
    covered: z.string().describe("The account's own coverage: yes, no, unknown or n/a."),
    effectiveCovered: z.string().describe('Coverage after federation (that of the account that authenticates a delegated sign-in).'),
    mfaEnforced: z.string(),
    mfaRegistered: z.string(),
    legacyAuth: z.string(),
    methodPolicy: z.string(),
    reasons: z.array(z.string()),
    gaps: z.array(z.object({ kind: z.string(), state: z.string(), exceptionId: z.string().nullable(), evidence: z.array(z.string()), reasons: z.array(z.string()) })),
  })
  .meta({ id: 'Account' });

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

const accountQuerySchema = z
  .object({
    runId: runIdSchema.optional().describe('A run that recorded a report; the latest one by default.'),
    covered: z.enum(coverageValues).optional().describe('Coverage after federation.'),
    idp: z.enum(identityProviderIds).optional(),
    source: z.string().max(200).optional().describe('Source id (an AWS member account is `<organisation source>.<account id>`).'),
    tier: z.coerce.number().int().min(1).max(3).optional(),
    class: z.enum(accountClasses).optional(),
    gap: z.enum(gapKinds).optional().describe('Accounts with a gap of this kind.'),
    exemption: z.enum(exemptionStates).optional().describe('Accounts with a gap in this exemption state.'),
    privileged: booleanQuery.optional(),
    search: z.string().min(1).max(200).optional().describe('Case-insensitive part of the login, display name or person id.'),
    ...pageQuerySchema,
  })
  .strict();

export const accountRoutes: ApiRouteModule = (app, deps) => {
  app.get(
    '/v1/accounts',
    {
      config: { auth: { kind: 'bearer', scopes: ['reports:read'] } },
      schema: {
        summary: 'Accounts and their verdicts in the latest report',
        description: 'For example `?covered=no&idp=entra&tier=1`. Pages follow `nextCursor`; `total` counts every account matching the filters.',
        tags: ['accounts'],
        querystring: accountQuerySchema,
        response: {
          200: z.object({ runId: z.string(), total: z.number().int(), items: z.array(accountSchema), nextCursor: z.string().nullable() }),
          404: apiErrorSchema,
          ...authenticatedErrorResponses,
        },
      },
    },
    async (request) => {
      const query = request.query;
      const runId = await resolveReportRun(deps, query.runId);
      const filter: VerdictFilter = {
        ...(query.covered !== undefined ? { covered: query.covered } : {}),
        ...(query.idp !== undefined ? { idp: query.idp } : {}),
        ...(query.source !== undefined ? { sourceId: query.source } : {}),
        ...(query.tier !== undefined ? { tier: query.tier } : {}),
        ...(query.class !== undefined ? { class: query.class } : {}),
        ...(query.gap !== undefined ? { gap: query.gap } : {}),
        ...(query.exemption !== undefined ? { exemption: query.exemption } : {}),
        ...(query.privileged !== undefined ? { privileged: query.privileged } : {}),
        ...(query.search !== undefined ? { search: query.search } : {}),
      };
      const after = decodeCursor(query.cursor, verdictCursorSchema);
      const [page, total] = await Promise.all([
        deps.history.listVerdicts(runId, filter, { limit: query.limit, ...(after !== undefined ? { after } : {}) }),
        deps.history.countVerdicts(runId, filter),
      ]);
      return { runId, total, items: page.items.map(accountView), nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  );
};

/** The run to read: the one asked for if it recorded a report, else the latest report's. */
export async function resolveReportRun(deps: ApiDependencies, runId: string | undefined): Promise<string> {
  if (runId !== undefined) {
    if ((await deps.history.getReport(runId)) === undefined) throw new ApiError('NOT_FOUND', `No report for run ${runId}.`);
    return runId;
  }
  const latest = await deps.history.latestReport();
  if (latest === undefined) throw new ApiError('NO_COMPLETED_RUN', 'No scan has recorded a report yet; start one with POST /v1/scans.');
  return latest.runId;
}

export function accountView(verdict: VerdictRecord): z.infer<typeof accountSchema> {
  return {
    sourceId: verdict.sourceId,
    accountId: verdict.accountId,
    idp: verdict.idp,
    tenant: verdict.tenant,
    login: verdict.login,
    displayName: verdict.displayName,
    personId: verdict.personId,
    kind: verdict.kind,
    enabled: verdict.enabled,
    privileged: verdict.privileged,
    tier: verdict.tier,
    class: verdict.class,
    covered: verdict.covered,
    effectiveCovered: verdict.effectiveCovered,
    mfaEnforced: verdict.mfaEnforced,
    mfaRegistered: verdict.mfaRegistered,
    legacyAuth: verdict.legacyAuth,
    methodPolicy: verdict.methodPolicy,
    reasons: verdict.reasons,
    gaps: verdict.gaps,
  };
}
