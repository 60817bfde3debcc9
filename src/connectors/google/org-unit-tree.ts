/**
 * The organisational-unit tree, from the Directory listing (`allIncludingParent`, which includes the root). Users
 * carry a path, policies and SSO assignments an id; the tree joins the two and gives each unit its chain of
 * ancestors, innermost first, which is the order in which Google lets a unit's own setting win over its parent's.
 */
import type { GoogleOrgUnit } from './google-payloads.js';
import { orgUnitIdOf } from './google-resource-names.js';

export interface OrgUnitNode {
  id: string;
  path: string;
  name: string;
  parentId: string | undefined;
}

export class OrgUnitTree {
  readonly byId = new Map<string, OrgUnitNode>();
  readonly byPath = new Map<string, OrgUnitNode>();

  constructor(units: readonly GoogleOrgUnit[]) {
    for (const unit of units) {
      const id = orgUnitIdOf(unit.orgUnitId);
      if (!id) continue;
      const node: OrgUnitNode = { id, path: normalisePath(unit.orgUnitPath), name: unit.name ?? unit.orgUnitPath, parentId: orgUnitIdOf(unit.parentOrgUnitId) };
      this.byId.set(id, node);
      this.byPath.set(node.path, node);
    }
    // A listing made with `type=all` (a hand-assembled snapshot) lacks the root; its children still name its id.
    if (!this.byPath.has('/')) {
      const rootId = units.map((unit) => (normalisePath(unit.parentOrgUnitPath ?? '') === '/' ? orgUnitIdOf(unit.parentOrgUnitId) : undefined)).find((id) => id !== undefined);
      if (rootId !== undefined) {
        const root: OrgUnitNode = { id: rootId, path: '/', name: '/', parentId: undefined };
        this.byId.set(rootId, root);
        this.byPath.set('/', root);
      }
    }
  }

  get root(): OrgUnitNode | undefined {
    return this.byPath.get('/');
  }

  /**
   * The unit at `path` and its ancestors up to the root, innermost first; `missing` names the first path the
   * listing does not know (then the chain cannot be trusted).
   */
  chain(path: string | null | undefined): { nodes: OrgUnitNode[]; missing: string | undefined } {
    const nodes: OrgUnitNode[] = [];
    for (const candidate of ancestorPaths(normalisePath(path ?? '/'))) {
      const node = this.byPath.get(candidate);
      if (!node) return { nodes, missing: candidate };
      nodes.push(node);
    }
    return { nodes, missing: undefined };
  }

  pathOf(id: string | undefined): string | undefined {
    return id === undefined ? undefined : this.byId.get(id)?.path;
  }

  /** Every unit, root first, then by path. */
  units(): OrgUnitNode[] {
    return [...this.byId.values()].sort((a, b) => (a.path === '/' ? -1 : b.path === '/' ? 1 : a.path.localeCompare(b.path)));
  }
}

function normalisePath(path: string): string {
  const trimmed = path.trim();
  if (trimmed === '' || trimmed === '/') return '/';
  return `/${trimmed.replace(/^\/+|\/+$/g, '')}`;
}

/** `/a/b` → `/a/b`, `/a`, `/`. */
function ancestorPaths(path: string): string[] {
  if (path === '/') return ['/'];
  const parts = path.slice(1).split('/');
  const paths: string[] = [];
  for (let length = parts.length; length > 0; length -= 1) paths.push(`/${parts.slice(0, length).join('/')}`);
  paths.push('/');
  return paths;
}
