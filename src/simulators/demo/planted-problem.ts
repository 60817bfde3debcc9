/** A problem planted in a demo tenant, and what the report must show for it; every demo source uses this format. */
export interface PlantedProblem {
  id: string;
  description: string;
  /** Logins of the accounts concerned; empty for a tenant-wide problem. */
  accounts: string[];
  /**
   * `field` is an assessed-account field (`mfaEnforced`, `legacyAuth`, `covered`, …; verdicts compare their `value`)
   * that must equal `value` for every listed account, and `ruleId` a finding the source must also report. With
   * `field: 'finding'`, each listed account must be the subject of a `ruleId` finding, or, with no accounts, a
   * subject of type `value`. Reconcile expectations: `gap:<kind>` (the account's gap of that kind has exemption
   * state `value`), `exception:<entry id>` (the register entry has state `value`; no accounts), and `person`
   * (each listed email is a person of the directory whose coverage is `value`).
   */
  expectation: { field: string; value: string; ruleId?: string };
}

/** A demo source's planted problems, tagged with the source they were planted in. */
export interface SourcePlantedProblem extends PlantedProblem {
  sourceId: string;
}
