/** A person of the authoritative directory: who the accounts belong to. */

export const employmentTypes = ['employee', 'contractor', 'vendor', 'external'] as const;
export type EmploymentType = (typeof employmentTypes)[number];

export const personStatuses = ['active', 'terminated'] as const;
export type PersonStatus = (typeof personStatuses)[number];

export interface Person {
  /** Stable within a report: the employee id, else the email, else the directory account's key. */
  id: string;
  employeeId: string | null;
  email: string | null;
  name: string;
  status: PersonStatus;
  /** YYYY-MM-DD or an ISO 8601 instant, as the directory gives it. */
  startDate: string | null;
  terminationDate: string | null;
  employmentType: EmploymentType;
  department: string | null;
  manager: string | null;
  /** Other addresses that name the person (proxy addresses, former names). */
  aliases: string[];
  /** Where the person came from, for evidence: `roster.csv:12` or `source entra-main`. */
  origin: string;
}

/** The directory reconcile links accounts to: a roster's people, or an identity provider acting as one. */
export type Directory = { kind: 'roster'; file: string; people: readonly Person[] } | { kind: 'source'; sourceId: string };
