/**
 * Routes raw response bodies to the snapshot. The SDK parses pages into its own models (dropping unknown fields),
 * but the snapshot keeps each body exactly as Okta returned it, so the request executor hands every successful
 * body to the capture scope active where the SDK call was made (AsyncLocalStorage follows the SDK's promises).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface PageCapture {
  /** Request label for counts, e.g. `GET /api/v1/users/{id}/factors`. */
  label: string;
  /** Called with each 2xx body, parsed, before the SDK sees it. */
  onPage(body: unknown, url: URL): Promise<void>;
}

const storage = new AsyncLocalStorage<PageCapture>();

export function withPageCapture<T>(capture: PageCapture, run: () => Promise<T>): Promise<T> {
  return storage.run(capture, run);
}

export function activePageCapture(): PageCapture | undefined {
  return storage.getStore();
}
