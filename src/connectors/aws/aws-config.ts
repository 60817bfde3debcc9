/**
 * The `sources.<id>` block for AWS: one account, or a whole organisation that `expand` turns into one source per
 * member account (reached by assuming a read-only role in each).
 */
import { z } from 'zod';
import { sourceDeadlineMsSchema } from '../source-deadline.js';
import { secretReferenceSchema } from '../../config/secret-reference.js';

const accountIdSchema = z.string().regex(/^\d{12}$/, 'an AWS account id is 12 digits, e.g. 123456789012');

/**
 * An endpoint override for IAM, STS and Organizations, for the local simulator only: `https://` anywhere, `http://`
 * only on the loopback interface (the signed requests would otherwise cross the network in clear).
 */
const endpointSchema = z.url({ message: 'endpoint must be a URL such as http://127.0.0.1:4630' }).superRefine((value, context) => {
  const url = new URL(value);
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    context.addIssue({ code: 'custom', message: `endpoint must use https:// (http:// only for a local simulator), got ${url.protocol}//` });
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    context.addIssue({ code: 'custom', message: `endpoint must not carry a query, fragment or credentials: use ${url.origin}` });
  }
});

const credentialsSchema = z.discriminatedUnion('type', [
  z
    .object({
      /** The SDK's default chain: environment, shared config/SSO profile (`AWS_PROFILE`), container or instance role. */
      type: z.literal('default'),
    })
    .strict(),
  z
    .object({
      /** An access key referenced from the environment or a file (the simulator's, or a short-lived key). */
      type: z.literal('static'),
      accessKeyId: secretReferenceSchema,
      secretAccessKey: secretReferenceSchema,
      sessionToken: secretReferenceSchema.optional(),
    })
    .strict(),
]);

const organisationSchema = z
  .object({
    /** The read-only role deployed in every member account (docs/connectors/aws.md has its policy). */
    roleName: z
      .string()
      .regex(/^[\w+=,.@/-]{1,64}$/, 'roleName is an IAM role name (or path/name) such as MfaCoverageReadOnly')
      .default('MfaCoverageReadOnly'),
    /** The external id the role's trust policy requires, if any. */
    externalId: secretReferenceSchema.optional(),
    /** `RoleSessionName` of the assumed sessions, visible in each account's CloudTrail. */
    sessionName: z
      .string()
      .regex(/^[\w+=,.@-]{2,64}$/, 'sessionName: 2-64 letters, digits or +=,.@-_')
      .default('mfa-coverage'),
    /** Only these accounts (ids); all active accounts when absent. */
    includeAccounts: z.array(accountIdSchema).optional(),
    /** Accounts to leave out (ids). */
    excludeAccounts: z.array(accountIdSchema).default([]),
  })
  .strict();

export const awsConfigSchema = z
  .object({
    connector: z.literal('aws'),
    /**
     * The account scanned (single-account mode), or the management account of the organisation. The scan checks it
     * against `sts:GetCallerIdentity` so credentials for the wrong account never produce a report.
     */
    accountId: accountIdSchema,
    /** Scan every member account of the organisation; absent: this account only (no Organizations calls). */
    organisation: organisationSchema.optional(),
    /** IAM, STS and Organizations are global; the region only picks the signing scope and STS endpoint. */
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'region such as us-east-1').default('us-east-1'),
    credentials: credentialsSchema.default({ type: 'default' }),
    /** One endpoint for IAM, STS and Organizations; set only for the local simulator. */
    endpoint: endpointSchema.optional(),
    /**
     * Set by `expand` for each member account: the role to assume before reading it. Hand-written configs use
     * `organisation` instead.
     */
    assumeRoleArn: z.string().regex(/^arn:aws[\w-]*:iam::\d{12}:role\/.+$/, 'assumeRoleArn is a role ARN').optional(),
    /** Set by `expand`: the account as Organizations listed it (recorded as evidence of name and status). */
    organisationAccount: z.record(z.string(), z.unknown()).optional(),
    credentialReport: z
      .object({
        /** Wait between `GenerateCredentialReport` polls while AWS builds the report. */
        pollIntervalMs: z.number().int().min(1).default(2000),
        /** Polls before giving up (the report then stays unread and the source is `partial`). */
        maxPolls: z.number().int().min(1).max(600).default(60),
      })
      .strict()
      .default({ pollIntervalMs: 2000, maxPolls: 60 }),
    accessKeys: z
      .object({
        /** An active key not used for this many days is a finding (CIS AWS 1.12 uses 45; 90 is common practice). */
        unusedAfterDays: z.number().int().min(1).default(90),
        /** An active key older than this is a finding (rotation age). */
        rotateAfterDays: z.number().int().min(1).default(90),
      })
      .strict()
      .default({ unusedAfterDays: 90, rotateAfterDays: 90 }),
    retry: z
      .object({
        /** Attempts per request on `Throttling`, 5xx and transport errors (the first included). */
        maxAttempts: z.number().int().min(1).max(12).default(6),
        /** First backoff; it doubles on each retry, with jitter. */
        initialBackoffMs: z.number().int().min(1).default(500),
        maxBackoffMs: z.number().int().min(1).default(20_000),
      })
      .strict()
      .default({ maxAttempts: 6, initialBackoffMs: 500, maxBackoffMs: 20_000 }),
    /** Per-request timeout: a request not answered in time is retried like a dropped connection. */
    requestTimeoutMs: z.number().int().min(100).default(60_000),
    /** Longest the whole collection of one account may take (each account of an organisation has its own). */
    deadlineMs: sourceDeadlineMsSchema,
  })
  .strict();

export type AwsConfig = z.infer<typeof awsConfigSchema>;
