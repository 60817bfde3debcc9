/** Issue 15, item 13: at 20,000 people the demo roster's ids never meet another person's employee id on an account. */
import { buildDemoPeople } from '../../src/simulators/demo/demo-people.js';
import { rosterEmployeeId } from '../../src/simulators/demo/demo-reconcile-inputs.js';

it('roster ids and the people\'s employee ids are disjoint at 20,000 people', () => {
  const people = buildDemoPeople({ seed: 2026, count: 20_000 });
  const accountIds = new Set(people.map((person) => person.employeeId));
  expect(accountIds.size).toBe(20_000);
  const clashes = Array.from({ length: 20_003 }, (_, index) => rosterEmployeeId(index)).filter((id) => accountIds.has(id));
  expect(clashes).toEqual([]);
  // The id that used to clash (row 10,001 of the roster and the first person both E10001).
  expect(rosterEmployeeId(10_000)).not.toBe(people[0]?.employeeId);
});
