/**
 * `GET /v1/people/{id}`: one person of the directory in the latest report (or `runId`): who they are, their
 * coverage (the weakest of their interactive accounts, as the report decided it) and every account linked to them.
 */
import { z } from 'zod';
import type { VerdictCursor, VerdictRecord } from '../../store/history-store.js';
import { ApiError, apiErrorSchema, authenticatedErrorResponses } from '../api-errors.js';
import type { ApiRouteModule } from '../api-dependencies.js';
import { runIdSchema } from '../api-schemas.js';
import { accountSchema, accountView, resolveReportRun } from './account-routes.js';

/** A person's accounts come in pages of this many; people hold a handful, so one page almost always does. */
const accountPageSize = 500;
/** Bounded, so a directory entry that somehow links thousands of accounts cannot hold the request. */
const maxAccountsPerPerson = 5000;

const personSchema = z
  .object({
    id: z.string(),
    employeeId: z.string().nullable(),
    email: z.string().nullable(),
    name: z.string(),
    status: z.string(),
    leaver: z.boolean(),
    employmentType: z.string(),
    department: z.string().nullable(),
    manager: z.string().nullable(),
    startDate: z.string().nullable(),
    terminationDate: z.string().nullable(),
    origin: z.string(),
    tier: z.number().int().nullable(),
    covered: z.string().describe('The weakest effective coverage of the person’s interactive accounts; n/a without one.'),
    reasons: z.array(z.string()),
  })
  .meta({ id: 'Person' });

export const peopleRoutes: ApiRouteModule = (app, deps) => {
  app.get(
    '/v1/people/:id',
    {
      config: { auth: { kind: 'bearer', scopes: ['reports:read'] } },
      schema: {
        summary: 'A person, their coverage and their accounts in the latest report',
        tags: ['accounts'],
        params: z.object({ id: z.string().min(1).max(500) }),
        querystring: z.object({ runId: runIdSchema.optional().describe('A run that recorded a report; the latest one by default.') }).strict(),
        response: {
          200: z.object({ runId: z.string(), person: personSchema, accounts: z.array(accountSchema) }),
          404: apiErrorSchema,
          ...authenticatedErrorResponses,
        },
      },
    },
    async (request) => {
      const runId = await resolveReportRun(deps, request.query.runId);
      const person = await deps.history.getPerson(runId, request.params.id);
      if (person === undefined) throw new ApiError('NOT_FOUND', `No person ${request.params.id} in the directory of run ${runId}.`);
      const accounts: VerdictRecord[] = [];
      let after: VerdictCursor | undefined;
      do {
        const page = await deps.history.listVerdicts(runId, { personId: person.id }, { limit: accountPageSize, ...(after !== undefined ? { after } : {}) });
        accounts.push(...page.items);
        after = page.next ?? undefined;
      } while (after !== undefined && accounts.length < maxAccountsPerPerson);
      return {
        runId,
        person: {
          id: person.id,
          employeeId: person.employeeId,
          email: person.email,
          name: person.name,
          status: person.status,
          leaver: person.leaver,
          employmentType: person.employmentType,
          department: person.department,
          manager: person.manager,
          startDate: person.startDate,
          terminationDate: person.terminationDate,
          origin: person.origin,
          tier: person.tier,
          covered: person.covered,
          reasons: person.reasons,
        },
        accounts: accounts.map(accountView),
      };
    },
  );
};
