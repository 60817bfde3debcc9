/**
 * Scan progress for people: a bar per source on a terminal, a log line every few pages otherwise
 * (CI logs and pipes should not fill with carriage returns).
 */
import cliProgress from 'cli-progress';
import type { ProgressSink } from '../connectors/connector.js';
import type { Logger } from '../logger.js';
import { forTerminalLine } from './terminal-text.js';

export interface ProgressDisplay extends ProgressSink {
  stop(): void;
}

export function createProgressDisplay(options: { interactive: boolean; logger: Logger }): ProgressDisplay {
  return options.interactive ? terminalProgress() : loggedProgress(options.logger);
}

function terminalProgress(): ProgressDisplay {
  const bars = new cliProgress.MultiBar(
    {
      format: ' {sourceId} | {endpoint} | {pages} pages, {items} records',
      hideCursor: true,
      clearOnComplete: false,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_grey,
  );
  const bySource = new Map<string, { bar: cliProgress.SingleBar; pages: number; items: number }>();
  return {
    pageFetched({ sourceId, endpoint, items }) {
      let entry = bySource.get(sourceId);
      if (!entry) {
        entry = { bar: bars.create(0, 0, { sourceId, endpoint, pages: 0, items: 0 }), pages: 0, items: 0 };
        bySource.set(sourceId, entry);
      }
      entry.pages += 1;
      entry.items += items;
      entry.bar.update(entry.pages, { sourceId, endpoint, pages: entry.pages, items: entry.items });
    },
    notice({ sourceId, endpoint, message }) {
      bars.log(`${forTerminalLine(`${sourceId} | ${endpoint} | ${message}`)}\n`);
    },
    stop() {
      bars.stop();
    },
  };
}

function loggedProgress(logger: Logger): ProgressDisplay {
  const counts = new Map<string, { pages: number; items: number }>();
  return {
    pageFetched({ sourceId, endpoint, items }) {
      const key = `${sourceId}/${endpoint}`;
      const entry = counts.get(key) ?? { pages: 0, items: 0 };
      entry.pages += 1;
      entry.items += items;
      counts.set(key, entry);
      if (entry.pages === 1 || entry.pages % 10 === 0) {
        logger.info({ sourceId, endpoint, pages: entry.pages, items: entry.items }, 'fetching');
      }
    },
    notice({ sourceId, endpoint, message }) {
      logger.warn({ sourceId, endpoint }, forTerminalLine(message));
    },
    stop() {
      for (const [key, entry] of counts) logger.info({ endpoint: key, pages: entry.pages, items: entry.items }, 'fetched');
    },
  };
}
