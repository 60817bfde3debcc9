/**
 * Reports: the list (newest first), one report's summary with the files it has, and each file streamed with
 * its media type. A file is named from a fixed list (report-artefact-files.ts), never given as a path.
 */
import { z } from 'zod';
import type { ReportRecord } from '../../store/history-store.js';
import { ApiError, apiErrorSchema, authenticatedErrorResponses } from '../api-errors.js';
import type { ApiRouteModule } from '../api-dependencies.js';
import { reportSchema, runIdSchema } from '../api-schemas.js';
import { decodeCursor, encodeCursor, pageQuerySchema } from '../page-cursor.js';
import { artefactSize, openArtefact, reportArtefactFiles, reportArtefactNames, type ReportArtefactName } from '../reports/report-artefact-files.js';

const reportCursorSchema = z.object({ createdAt: z.string(), id: z.string() }).strict();

const artefactSchema = z.object({
  name: z.enum(reportArtefactNames as [ReportArtefactName, ...ReportArtefactName[]]),
  mediaType: z.string(),
  bytes: z.number().int(),
  href: z.string(),
});

const reportDetailSchema = reportSchema
  .extend({
    summary: z.record(z.string(), z.unknown()).describe("The report's `summary` object, as in docs/report.schema.json."),
    artefacts: z.array(artefactSchema).describe('The files of this report that exist (manifest.sig only when the manifest is signed).'),
  })
  .meta({ id: 'ReportDetail' });

const readReports = { kind: 'bearer', scopes: ['reports:read'] } as const;

export const reportRoutes: ApiRouteModule = (app, deps) => {
  app.get(
    '/v1/reports',
    {
      config: { auth: readReports },
      schema: {
        summary: 'List reports, newest first',
        tags: ['reports'],
        querystring: z.object(pageQuerySchema).strict(),
        response: { 200: z.object({ items: z.array(reportSchema), nextCursor: z.string().nullable() }), ...authenticatedErrorResponses },
      },
    },
    async (request) => {
      const after = decodeCursor(request.query.cursor, reportCursorSchema);
      const page = await deps.history.listReports({ limit: request.query.limit, ...(after !== undefined ? { after } : {}) });
      return { items: page.items.map(reportView), nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.get(
    '/v1/reports/:id',
    {
      config: { auth: readReports },
      schema: {
        summary: "A report's summary and its files",
        tags: ['reports'],
        params: z.object({ id: runIdSchema }),
        response: { 200: reportDetailSchema, 404: apiErrorSchema, ...authenticatedErrorResponses },
      },
    },
    async (request) => {
      const report = await deps.history.getReport(request.params.id);
      if (report === undefined) throw new ApiError('NOT_FOUND', `No report for run ${request.params.id}.`);
      const artefacts = [];
      for (const name of reportArtefactNames) {
        const bytes = await artefactSize(report.artefactsPath, name);
        if (bytes !== undefined) artefacts.push({ name, mediaType: reportArtefactFiles[name].mediaType, bytes, href: `/v1/reports/${report.runId}/artefacts/${name}` });
      }
      return { ...reportView(report), summary: report.summary as unknown as Record<string, unknown>, artefacts };
    },
  );

  app.get(
    '/v1/reports/:id/artefacts/:name',
    {
      config: { auth: readReports },
      schema: {
        summary: 'Download one file of a report',
        description: `Streams the file with its media type. Names: ${reportArtefactNames.join(', ')}.`,
        tags: ['reports'],
        params: z.object({ id: runIdSchema, name: z.enum(reportArtefactNames as [ReportArtefactName, ...ReportArtefactName[]]) }),
        response: {
          200: {
            description: 'The file',
            content: Object.fromEntries(
              [...new Set(Object.values(reportArtefactFiles).map((file) => file.mediaType))].map((mediaType) => [mediaType, { schema: z.string().describe('file content') }]),
            ),
          },
          404: apiErrorSchema,
          ...authenticatedErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const { id, name } = request.params;
      const report = await deps.history.getReport(id);
      if (report === undefined) throw new ApiError('NOT_FOUND', `No report for run ${id}.`);
      const opened = await openArtefact(report.artefactsPath, name);
      if (opened === undefined) throw new ApiError('NOT_FOUND', `Report ${id} has no ${name} (files are removed by retention, and manifest.sig exists only when signed).`);
      const file = reportArtefactFiles[name];
      reply
        .type(file.mediaType)
        .header('content-length', String(opened.bytes))
        .header('last-modified', opened.modifiedAt.toUTCString())
        .header('content-disposition', `${file.disposition}; filename="${id}-${name}"`)
        .header('cache-control', 'private, max-age=300');
      // The HTML report is self-contained and needs no script: run it in a sandbox so nothing in it acts on the API's origin.
      if (name === 'report.html') reply.header('content-security-policy', "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      // The 200 schema describes the file for the OpenAPI document; a stream is sent as is, never serialised.
      return reply.send(opened.stream as unknown as string);
    },
  );
};

function reportView(report: ReportRecord): z.infer<typeof reportSchema> {
  return {
    runId: report.runId,
    generatedAt: report.generatedAt,
    snapshotCreatedAt: report.snapshotCreatedAt,
    schemaVersion: report.schemaVersion,
    status: report.status,
    accounts: report.accounts,
    covered: report.covered,
    notCovered: report.notCovered,
    unknown: report.unknown,
    coveragePercent: report.coveragePercent,
    links: { self: `/v1/reports/${report.runId}`, run: `/v1/scans/${report.runId}` },
  };
}
