/**
 * Writes the demo tenant: one source per identity provider, in snapshot layout, each seeded and deterministic,
 * plus `planted-problems.json` listing what the scan must find, by account. The demo serves each source through
 * its wire simulator and scans it with config/demo.yaml.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SnapshotWriter } from '../../snapshot/snapshot-writer.js';
import { scannerVersion } from '../../version.js';
import { writeDemoAwsOrganisation } from '../aws/demo-aws-organisation.js';
import { writeDemoEntraTenant } from '../entra/demo-entra-tenant.js';
import { writeDemoGoogleTenant } from '../google/demo-google-tenant.js';
import { writeDemoOktaOrg } from '../okta/demo-okta-org.js';
import type { SourcePlantedProblem } from './planted-problem.js';
import { writeDemoReconcileInputs } from './demo-reconcile-inputs.js';
import { buildDemoPeople } from './demo-people.js';

export interface DemoTenantOptions {
  directory: string;
  seed: number;
  /** Users in the demo's largest directory (Entra ID); the other sources are sized from it. */
  userCount: number;
  /** The instant the tenant is generated as of: last sign-ins and log events are relative to it. */
  asOf?: Date;
}

export interface DemoTenant {
  directory: string;
  plantedProblems: SourcePlantedProblem[];
}

export const plantedProblemsFile = 'planted-problems.json';
const demoOktaOrgUrl = 'https://contoso-demo.okta.com';

export async function generateDemoTenant(options: DemoTenantOptions): Promise<DemoTenant> {
  const asOf = options.asOf ?? new Date();
  const writer = await SnapshotWriter.create(options.directory, { now: () => asOf, scannerVersion });
  const plantedProblems: SourcePlantedProblem[] = [];
  const tag = (sourceId: string, problems: ReadonlyArray<Omit<SourcePlantedProblem, 'sourceId'>>) =>
    plantedProblems.push(...problems.map((problem) => ({ sourceId, ...problem })));
  try {
    const entra = await writeDemoEntraTenant(writer, { seed: options.seed, userCount: options.userCount, asOf });
    tag(entra.sourceId, entra.plantedProblems);
    // Okta and Workspace give accounts to prefixes of the directory's people (the population is prefix-stable), and
    // Okta to every Workspace user of /Engineering too, since that unit signs in through Okta: the same person's
    // accounts correlate across the sources, and each delegated sign-in has the Okta account that authenticates it.
    const population = buildDemoPeople({ seed: options.seed, count: Math.max(40, Math.round(options.userCount / 5)) });
    const oktaCount = Math.max(40, Math.round(options.userCount / 10));
    const okta = await writeDemoOktaOrg(writer, {
      seed: options.seed,
      people: population.filter((person, index) => index < oktaCount || person.department === 'Engineering'),
      tenant: demoOktaOrgUrl,
      asOf,
    });
    tag(okta.sourceId, okta.plantedProblems);
    const google = await writeDemoGoogleTenant(writer, {
      seed: options.seed,
      people: population.map((person) => ({ login: person.localPart, givenName: person.givenName, familyName: person.familyName, department: person.department })),
      oktaOrgUrl: demoOktaOrgUrl,
      asOf,
    });
    tag(google.sourceId, google.plantedProblems);
    // The AWS users are some of the same people (the population is prefix-stable), named by their login's local
    // part, so a correlation rule in config/demo.yaml links them to the people behind the Entra accounts.
    const aws = await writeDemoAwsOrganisation(writer, { seed: options.seed, asOf, people: population.slice(0, 40).map((person) => person.localPart) });
    plantedProblems.push(...aws.plantedProblems);
    const directory = await writer.commit();
    // The roster and exception register sit beside the sources; config/demo.yaml names them relative to this folder.
    plantedProblems.push(...(await writeDemoReconcileInputs(directory, asOf)).plantedProblems);
    await writeFile(path.join(directory, plantedProblemsFile), `${JSON.stringify(plantedProblems, null, 2)}\n`);
    return { directory, plantedProblems };
  } catch (error) {
    await writer.discard();
    throw error;
  }
}
