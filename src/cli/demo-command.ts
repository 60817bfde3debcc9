import { runDemo } from '../demo/run-demo.js';
import { createLogger } from '../logger.js';
import { createProgressDisplay } from './progress-display.js';
import { formatSummary } from './print-summary.js';

export async function demoCommand(options: { out: string; seed: number; users: number }): Promise<number> {
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
  const progress = createProgressDisplay({ interactive: process.stderr.isTTY === true, logger });
  const started = Date.now();
  try {
    const result = await runDemo({ out: options.out, seed: options.seed, userCount: options.users, logger, progress });
    progress.stop();
    console.log(formatSummary(result.report, [result.snapshotDirectory, ...result.reportFiles]));
    console.log(`  demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    progress.stop();
  }
}
