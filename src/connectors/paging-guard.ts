/**
 * Every connector's paginator asks this guard before following a page: a next cursor (link, token, marker) seen
 * before, the same page of items under a new cursor, or a run of empty pages that still link onwards is a server
 * looping, and the listing stops at once with an error instead of writing pages until a cap (or forever).
 */
import { createHash } from 'node:crypto';
import { UpstreamError } from '../errors.js';

/** Empty pages in a row, each linking a next one, that are taken as a loop; real listings never produce so many. */
export const maxEmptyPagesInARow = 5;

export class PagingGuard {
  private readonly cursors = new Set<string>();
  private readonly pageDigests = new Set<string>();
  private emptyInARow = 0;

  constructor(private readonly label: string) {}

  /**
   * Checks one page before its `next` cursor is followed (`next` undefined on the last page, which needs no check).
   * Throws an UpstreamError naming the listing when following it would loop.
   */
  check(items: readonly unknown[] | undefined, next: string | undefined): void {
    if (next === undefined || next === '') return;
    if (this.cursors.has(next)) {
      throw new UpstreamError(`${this.label} repeated the next-page cursor ${shorten(next)}; paging stopped, the listing is incomplete.`);
    }
    this.cursors.add(next);
    if (!items || items.length === 0) {
      this.emptyInARow += 1;
      if (this.emptyInARow >= maxEmptyPagesInARow) {
        throw new UpstreamError(`${this.label} returned ${this.emptyInARow} empty pages in a row that each link a next one; paging stopped, the listing is incomplete.`);
      }
      return;
    }
    this.emptyInARow = 0;
    const digest = createHash('sha256').update(JSON.stringify(items)).digest('base64');
    if (this.pageDigests.has(digest)) {
      throw new UpstreamError(`${this.label} returned the same page of ${items.length} item(s) again under a new cursor; paging stopped, the listing is incomplete.`);
    }
    this.pageDigests.add(digest);
  }
}

function shorten(cursor: string): string {
  return cursor.length > 120 ? `${cursor.slice(0, 117)}...` : cursor;
}
