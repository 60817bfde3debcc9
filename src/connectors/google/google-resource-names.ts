/**
 * Google names one object differently per API: the Directory API's org unit `id:03ph8a2z` is Cloud Identity's
 * `orgUnits/03ph8a2z`, a Directory group id `03x8tuzt` is `groups/03x8tuzt`. These map both to one bare id.
 */

/** `orgUnits/03ph8a2z` or `id:03ph8a2z` → `03ph8a2z`. */
export function orgUnitIdOf(name: string | null | undefined): string | undefined {
  if (!name) return undefined;
  if (name.startsWith('orgUnits/')) return name.slice('orgUnits/'.length) || undefined;
  if (name.startsWith('id:')) return name.slice('id:'.length) || undefined;
  return name;
}

/** `groups/03x8tuzt` → `03x8tuzt`; a bare id is returned as is. */
export function groupIdOf(name: string | null | undefined): string | undefined {
  if (!name) return undefined;
  if (name.startsWith('groups/')) return name.slice('groups/'.length) || undefined;
  return name;
}
