/**
 * The OpenAPI document served at /openapi.json: generated from the routes' zod schemas, it lists every route of
 * the API with its failures in the one error shape, and every schema in it is valid JSON Schema 2020-12 (compiled
 * by ajv in strict mode, references resolved against components.schemas).
 */
import { readFile } from 'node:fs/promises';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parseAppConfig } from '../../src/config/app-config.js';
import { demoConfigFile } from '../../src/demo/run-demo.js';
import { bearer, openApiHarness, type ApiHarness } from './api-harness.js';

// ajv and ajv-formats are CommonJS: under NodeNext the default import is `module.exports`, whose `default` is the export.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

interface OpenApiOperation {
  security?: unknown[];
  parameters?: Array<{ name: string; in: string; schema: object }>;
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema: object }> }>;
}

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, object>; securitySchemes: Record<string, object> };
}

let harness: ApiHarness;
let document: OpenApiDocument;

beforeAll(async () => {
  const config = parseAppConfig(await readFile(demoConfigFile, 'utf8'), 'demo.yaml');
  harness = await openApiHarness('sqlite', config);
  const response = await harness.app.inject({ url: '/openapi.json', headers: bearer(await harness.token(['reports:read'])) });
  expect(response.statusCode).toBe(200);
  document = response.json<OpenApiDocument>();
});
afterAll(async () => {
  await harness.close();
});

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists every route of the API, and nothing of the dashboard', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBe('mfa-coverage API');
    const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(operations).toEqual(
      expect.arrayContaining([
        'GET /health',
        'GET /ready',
        'POST /v1/session',
        'DELETE /v1/session',
        'POST /v1/scans',
        'GET /v1/scans',
        'GET /v1/scans/{id}',
        'GET /v1/reports',
        'GET /v1/reports/{id}',
        'GET /v1/reports/{id}/artefacts/{name}',
        'GET /v1/accounts',
        'GET /v1/people/{id}',
        'GET /v1/trend',
        'GET /metrics',
      ]),
    );
    expect(operations.filter((operation) => operation.includes('/admin/'))).toEqual([]);
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['bearerToken', 'dashboardSession']);
  });

  it('documents the error shape for every failure status of every route', () => {
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const guarded = operation.security === undefined;
        if (guarded) expect([method, path, Object.keys(operation.responses)]).toEqual([method, path, expect.arrayContaining(['401', '403', '429'])]);
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) < 400) continue;
          expect([method, path, status, response.content?.['application/json']?.schema]).toEqual([method, path, status, { $ref: '#/components/schemas/Error' }]);
        }
      }
    }
    expect(document.components.schemas.Error).toMatchObject({ properties: { error: { required: ['code', 'message', 'requestId'] } } });
  });

  it('holds only valid JSON Schema 2020-12', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    // OpenAPI's own schema keywords (3.1 allows these annotations beside JSON Schema).
    ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);
    const asRoot = (schema: object) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"https://mfa-coverage.example/openapi#/$defs/')) as object;
    ajv.addSchema({ $id: 'https://mfa-coverage.example/openapi', $defs: asRoot(document.components.schemas) });
    let compiled = 0;
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const schemas = [
          ...(operation.parameters ?? []).map((parameter) => parameter.schema),
          ...Object.values(operation.requestBody?.content ?? {}).map((content) => content.schema),
          ...Object.values(operation.responses).flatMap((response) => Object.values(response.content ?? {}).map((content) => content.schema)),
        ];
        for (const schema of schemas) {
          expect(() => ajv.compile(asRoot(schema))).not.toThrow();
          compiled += 1;
        }
        expect([method, path, schemas.length]).not.toEqual([method, path, 0]);
      }
    }
    expect(compiled).toBeGreaterThan(40);
    const errorSchema = ajv.compile(asRoot({ $ref: '#/components/schemas/Error' }));
    expect(errorSchema({ error: { code: 'NOT_FOUND', message: 'm', requestId: 'r' } })).toBe(true);
    expect(errorSchema({ error: { code: 'NOT_A_CODE', message: 'm', requestId: 'r' } })).toBe(false);
  });
});
