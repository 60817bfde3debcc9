/**
 * IAM policy documents as `GetAccountAuthorizationDetails` returns them: URL-encoded JSON (RFC 3986), which the SDK
 * passes through untouched. Decoded and normalised here into statements with array-valued fields.
 */
import { z } from 'zod';

export interface PolicyStatement {
  effect: 'Allow' | 'Deny';
  actions: string[] | undefined;
  notActions: string[] | undefined;
  resources: string[] | undefined;
  notResources: string[] | undefined;
  /** Operator → condition key (lower-cased, as IAM compares keys case-insensitively) → values. */
  conditions: Map<string, Map<string, string[]>>;
}

const stringOrList = z.union([z.string(), z.array(z.string())]).transform((value) => (Array.isArray(value) ? value : [value]));
const conditionValues = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]);

const statementSchema = z.looseObject({
  Effect: z.enum(['Allow', 'Deny']),
  Action: stringOrList.optional(),
  NotAction: stringOrList.optional(),
  Resource: stringOrList.optional(),
  NotResource: stringOrList.optional(),
  Condition: z.record(z.string(), z.record(z.string(), conditionValues)).optional(),
});

const documentSchema = z.looseObject({
  Statement: z.union([statementSchema, z.array(statementSchema)]).transform((value) => (Array.isArray(value) ? value : [value])),
});

export type ParsedPolicy = { ok: true; statements: PolicyStatement[] } | { ok: false; reason: string };

/** Decodes and parses one policy document; a document that cannot be read says why (never "no statements"). */
export function parsePolicyDocument(document: unknown): ParsedPolicy {
  let value: unknown = document;
  if (typeof document === 'string') {
    let text = document;
    if (!text.trimStart().startsWith('{')) {
      try {
        text = decodeURIComponent(text);
      } catch {
        return { ok: false, reason: 'the document is not valid URL-encoded text' };
      }
    }
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, reason: 'the document is not valid JSON after URL-decoding' };
    }
  }
  const parsed = documentSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: `the document has no readable Statement (${parsed.error.issues[0]?.message ?? 'invalid'})` };
  return {
    ok: true,
    statements: parsed.data.Statement.map((statement) => ({
      effect: statement.Effect,
      actions: statement.Action,
      notActions: statement.NotAction,
      resources: statement.Resource,
      notResources: statement.NotResource,
      conditions: new Map(
        Object.entries(statement.Condition ?? {}).map(([operator, keys]) => [
          operator,
          new Map(Object.entries(keys).map(([key, values]) => [key.toLowerCase(), (Array.isArray(values) ? values : [values]).map((item) => String(item).toLowerCase())])),
        ]),
      ),
    })),
  };
}
