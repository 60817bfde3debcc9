/** The config field every connector shares: how long one source's collection may take in all. */
import { z } from 'zod';

/** Four hours: a 100,000-user Okta org at half its rate-limit budget fits with room to spare. */
export const defaultSourceDeadlineMs = 4 * 3_600_000;

/**
 * Longest a source's collection may run, retries and rate-limit waits included. Past it the source is stopped and
 * marked `failed` (what it read is kept as evidence); the other sources carry on.
 */
export const sourceDeadlineMsSchema = z.number().int().min(100).default(defaultSourceDeadlineMs);
