/**
 * The `api:` block of the configuration: where `serve` listens, the request budget of each token, and how long
 * a queue-dashboard session lasts. Every field has a default, so a config without `api:` serves on 127.0.0.1:8080.
 * It holds no secret: tokens and sessions are random values whose digests the store keeps.
 */
import { z } from 'zod';

export const apiConfigSchema = z
  .object({
    /** Address to listen on; 127.0.0.1 keeps the API local, 0.0.0.0 serves every interface (as in a container). */
    host: z.string().min(1).default('127.0.0.1'),
    /** TCP port to listen on (0 picks a free one). */
    port: z.number().int().min(0).max(65535).default(8080),
    /**
     * Trust `X-Forwarded-For` / `X-Forwarded-Proto` from a reverse proxy in front of the API: the client address
     * then comes from the proxy, and the session cookie is `Secure` when the proxy says the request was https.
     */
    trustProxy: z.boolean().default(false),
    rateLimit: z
      .object({
        /** Requests one token (or, before authentication, one client address) may make per window. */
        max: z.number().int().min(1).default(300),
        /** Length of the rate-limit window in milliseconds. */
        windowMs: z.number().int().min(1000).default(60_000),
      })
      .strict()
      .default({ max: 300, windowMs: 60_000 }),
    session: z
      .object({
        /** How long a queue-dashboard session lasts after `POST /v1/session`, in minutes. */
        ttlMinutes: z.number().int().min(1).max(7 * 24 * 60).default(480),
      })
      .strict()
      .default({ ttlMinutes: 480 }),
  })
  .strict();

export type ApiConfig = z.infer<typeof apiConfigSchema>;

/** The settings used when the config has no `api:` block. */
export const defaultApiConfig: ApiConfig = apiConfigSchema.parse({});
