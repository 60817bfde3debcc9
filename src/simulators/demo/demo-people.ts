/**
 * The demo organisation's people: names, departments, employee ids and employment types, deterministic from a
 * seed and independent of any identity provider, so every demo source (Entra ID, Okta, Google) can give the
 * same people accounts and the reconciliation can correlate them. Logins are only a local part here; each
 * source adds its own domain.
 *
 * The roster is prefix-stable: the first n people of a seed are the same whatever the count asked for, so a
 * smaller source can take a prefix of a larger one's people.
 */
import { seededRandom } from './seeded-random.js';

export type DemoEmploymentType = 'employee' | 'contractor';

export interface DemoPerson {
  /** HR id: `E` + digits for employees, `C` + digits for contractors; unique. */
  employeeId: string;
  givenName: string;
  familyName: string;
  displayName: string;
  /** Unique, lower-case ASCII login local part, e.g. `ada.andersen` or `ada.andersen2`. */
  localPart: string;
  department: DemoDepartment;
  employmentType: DemoEmploymentType;
}

/** Someone outside the organisation (a partner's or supplier's staff), as guests and external collaborators. */
export interface DemoExternalPerson {
  givenName: string;
  familyName: string;
  displayName: string;
  /** Their own organisation's address, e.g. `mila.novak@fabrikam-partner.example`. */
  email: string;
  organisation: string;
}

/** Departments with their share of the headcount, in percent (they sum to 100). */
const departmentWeights = [
  ['Engineering', 22],
  ['Sales', 16],
  ['Operations', 13],
  ['Support', 12],
  ['Finance', 9],
  ['Marketing', 8],
  ['IT', 7],
  ['People', 5],
  ['Legal', 4],
  ['Executive', 4],
] as const;
export type DemoDepartment = (typeof departmentWeights)[number][0];
export const demoDepartments: readonly DemoDepartment[] = departmentWeights.map(([name]) => name);

const contractorShare = 0.09;

const givenNames = [
  'Ada', 'Aino', 'Amara', 'Anouk', 'Bram', 'Bruno', 'Camille', 'Chloé', 'Dario', 'Dmitri', 'Elif', 'Emil', 'Eva', 'Farah',
  'Femke', 'Filip', 'Goran', 'Greta', 'Hana', 'Hugo', 'Ilse', 'Ines', 'Jakob', 'Jonas', 'Júlia', 'Karin', 'Kasia', 'Kwame',
  'Lars', 'Leila', 'Luca', 'Maren', 'Mateo', 'Mila', 'Niko', 'Nils', 'Noor', 'Olga', 'Oona', 'Oskar', 'Pau', 'Pieter',
  'Priya', 'Quirin', 'Rania', 'Rosa', 'Ruben', 'Sanne', 'Sigrid', 'Søren', 'Stefan', 'Sven', 'Tomás', 'Tove', 'Tuuli',
  'Ugo', 'Vera', 'Viktor', 'Wim', 'Xenia', 'Yusuf', 'Zeynep', 'Zofia', 'Åsa',
];
const familyNames = [
  'Aalto', 'Andersen', 'Bakker', 'Berger', 'Carvalho', 'Costa', 'Dijkstra', 'Dubois', 'Engel', 'Eriksson', 'Faure', 'Fischer',
  'García', 'Gruber', 'Hansen', 'Horvat', 'Ivanova', 'Jansen', 'Jovanović', 'Keller', 'Kowalski', 'Lehmann', 'Lindqvist',
  'Marino', 'Mensah', 'Moreau', 'Müller', 'Novak', 'Nowak', 'Olsen', 'Ortiz', 'Öztürk', 'Petit', 'Popescu', 'Quist',
  'Rahman', 'Rossi', 'Ruiz', 'Schmidt', 'Silva', 'Szabó', 'Tamm', 'Van Dam', 'Varga', 'Virtanen', 'Weber', 'Yilmaz',
  'Zielinski', 'de Vries', 'Ó Briain',
];
const partnerOrganisations = [
  { name: 'Fabrikam', domain: 'fabrikam-partner.example' },
  { name: 'Northwind Traders', domain: 'northwind.example' },
  { name: 'Tailspin Audit', domain: 'tailspin-audit.example' },
  { name: 'Woodgrove Consulting', domain: 'woodgrove.example' },
];

/** Lower-case ASCII, diacritics dropped, spaces and apostrophes removed: `Ó Briain` → `obriain`. */
export function loginPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/gi, 'o')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

function department(roll: number): DemoDepartment {
  let threshold = 0;
  for (const [name, weight] of departmentWeights) {
    threshold += weight / 100;
    if (roll < threshold) return name;
  }
  return 'Engineering';
}

/** The organisation's `count` people for a seed. */
export function buildDemoPeople(options: { seed: number; count: number }): DemoPerson[] {
  // A stream of its own, so a source's other random choices never shift who the people are.
  const rand = seededRandom(options.seed ^ 0x0b5e55ed);
  const taken = new Set<string>();
  const people: DemoPerson[] = [];
  for (let index = 0; index < options.count; index += 1) {
    const givenName = rand.pick(givenNames);
    const familyName = rand.pick(familyNames);
    const base = `${loginPart(givenName)}.${loginPart(familyName)}`;
    let localPart = base;
    for (let suffix = 2; taken.has(localPart); suffix += 1) localPart = `${base}${suffix}`;
    taken.add(localPart);
    const departmentName = department(rand.next());
    const employmentType: DemoEmploymentType = rand.chance(contractorShare) ? 'contractor' : 'employee';
    people.push({
      employeeId: `${employmentType === 'contractor' ? 'C' : 'E'}${String(10_001 + index)}`,
      givenName,
      familyName,
      displayName: `${givenName} ${familyName}`,
      localPart,
      department: departmentName,
      employmentType,
    });
  }
  return people;
}

/** `count` people of partner organisations, for guests; deterministic and prefix-stable like the roster. */
export function buildDemoExternalPeople(options: { seed: number; count: number }): DemoExternalPerson[] {
  const rand = seededRandom(options.seed ^ 0x6e575e5a);
  const taken = new Set<string>();
  const people: DemoExternalPerson[] = [];
  for (let index = 0; index < options.count; index += 1) {
    const givenName = rand.pick(givenNames);
    const familyName = rand.pick(familyNames);
    const organisation = rand.pick(partnerOrganisations);
    const base = `${loginPart(givenName)}.${loginPart(familyName)}`;
    let email = `${base}@${organisation.domain}`;
    for (let suffix = 2; taken.has(email); suffix += 1) email = `${base}${suffix}@${organisation.domain}`;
    taken.add(email);
    people.push({ givenName, familyName, displayName: `${givenName} ${familyName}`, email, organisation: organisation.name });
  }
  return people;
}
