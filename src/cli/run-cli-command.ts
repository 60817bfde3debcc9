/**
 * The one place CLI errors are caught: known errors print their message and set the exit status (exit-status.ts:
 * 2 for bad config or input, 3 when no report could be written); unknown ones print their stack. Messages can
 * carry identity-provider text, so they reach the terminal through `forTerminal`.
 */
import { ConfigError, InputError, MfaCoverageError, SnapshotError } from '../errors.js';
import { exitStatus } from './exit-status.js';
import { forTerminal } from './terminal-text.js';

export async function runCliCommand(action: () => Promise<number | void>): Promise<void> {
  try {
    const status = await action();
    process.exitCode = status ?? exitStatus.ok;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof InputError || error instanceof SnapshotError) {
      console.error(forTerminal(`error [${error.code}]: ${error.message}`));
      process.exitCode = exitStatus.invalidInput;
    } else if (error instanceof MfaCoverageError) {
      console.error(forTerminal(`error [${error.code}]: ${error.message}`));
      process.exitCode = exitStatus.noReport;
    } else {
      console.error(forTerminal(error instanceof Error ? (error.stack ?? error.message) : String(error)));
      process.exitCode = exitStatus.noReport;
    }
  }
}
