/**
 * The one place CLI errors are caught: known errors print their message and set the exit status
 * (2 for bad config or input, 1 otherwise); unknown ones print their stack.
 */
import { ConfigError, InputError, MfaCoverageError, SnapshotError } from '../errors.js';

export async function runCliCommand(action: () => Promise<number | void>): Promise<void> {
  try {
    const status = await action();
    process.exitCode = status ?? 0;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof InputError || error instanceof SnapshotError) {
      console.error(`error [${error.code}]: ${error.message}`);
      process.exitCode = 2;
    } else if (error instanceof MfaCoverageError) {
      console.error(`error [${error.code}]: ${error.message}`);
      process.exitCode = 1;
    } else {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 1;
    }
  }
}
