/** The abort reason a worker gives its in-flight jobs at shutdown, told apart from a user's cancellation. */
export const shutdownAbortReason = 'mfa-coverage worker shutting down';

export function shutdownReason(signal: AbortSignal): boolean {
  return signal.reason === shutdownAbortReason || (signal.reason instanceof Error && signal.reason.message === shutdownAbortReason);
}
