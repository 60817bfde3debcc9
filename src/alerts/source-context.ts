/**
 * What the rules know of a source from the latest recorded run: how many accounts had a factor registered (the
 * bulk rule's percentage) and which accounts are privileged (its severity). Read once per run and kept, since the
 * watcher polls far more often than scans finish.
 */
import type { HistoryStore } from '../store/history-store.js';
import type { SourceContext } from './rules/alert-candidate.js';

export class SourceContexts {
  private readonly cache = new Map<string, { runId: string; context: SourceContext }>();

  constructor(private readonly history: HistoryStore) {}

  async forSource(sourceId: string): Promise<SourceContext> {
    const latest = await this.history.latestReport();
    if (!latest) return { sourceId, registeredAccounts: null, privileged: new Set() };
    const cached = this.cache.get(sourceId);
    if (cached?.runId === latest.runId) return cached.context;
    let registered = 0;
    let seen = 0;
    const privileged = new Set<string>();
    let after: { sourceId: string; accountId: string } | undefined;
    for (;;) {
      const page = await this.history.listVerdicts(latest.runId, { sourceId }, { limit: 1000, ...(after ? { after } : {}) });
      for (const verdict of page.items) {
        seen += 1;
        if (verdict.enabled && verdict.mfaRegistered === 'yes') registered += 1;
        if (verdict.privileged) {
          privileged.add(verdict.accountId);
          privileged.add(verdict.login.toLowerCase());
        }
      }
      if (!page.next) break;
      after = page.next;
    }
    const context: SourceContext = { sourceId, registeredAccounts: seen > 0 ? registered : null, privileged };
    this.cache.set(sourceId, { runId: latest.runId, context });
    return context;
  }
}
