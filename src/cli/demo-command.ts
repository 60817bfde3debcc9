import { runDemo } from '../demo/run-demo.js';
import { createLogger } from '../logger.js';
import { createProgressDisplay } from './progress-display.js';
import { formatSummary } from './print-summary.js';

export async function demoCommand(options: { out: string; seed: number; users: number }): Promise<number> {
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
  const progress = createProgressDisplay({ interactive: process.stderr.isTTY === true, logger });
  // The demo pins the AWS SDK it ships with; its notice about future SDK releases needing Node 22 is for real scans.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const started = Date.now();
  try {
    const result = await runDemo({ out: options.out, seed: options.seed, userCount: options.users, logger, progress });
    progress.stop();
    console.log(formatSummary(result.report, [result.snapshotDirectory, ...result.reportFiles]));
    const missed = result.plantedProblems.filter((outcome) => outcome.failures.length > 0);
    console.log(`  planted problems found: ${result.plantedProblems.length - missed.length} of ${result.plantedProblems.length}`);
    for (const { problem, failures } of missed) {
      console.log(`  MISSED ${problem.sourceId}/${problem.id}: ${failures.slice(0, 3).join('; ')}`);
    }
    console.log(`  demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return missed.length === 0 ? 0 : 1;
  } finally {
    progress.stop();
  }
}
