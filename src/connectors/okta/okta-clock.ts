/**
 * Time for the rate-limit governor and the simulator. Production uses the system clock; tests and the benchmark
 * share one scaled clock between scanner and simulator, so a simulated minute of Okta budget passes in a fraction
 * of a real one while every wait, window and header stays consistent on both sides.
 */

export interface Clock {
  /** Milliseconds since the epoch, in this clock's time. */
  now(): number;
  /** Calls `callback` after `ms` of this clock's time; the returned function cancels it. */
  setTimer(ms: number, callback: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, callback) {
    const timer = setTimeout(callback, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
};

/** A clock that starts at the real time and runs `scale` times faster. */
export function scaledClock(scale: number, origin: number = Date.now()): Clock {
  if (!(scale > 0)) throw new Error(`clock scale must be positive, got ${scale}`);
  const realOrigin = performance.now();
  return {
    now: () => origin + Math.floor((performance.now() - realOrigin) * scale),
    setTimer(ms, callback) {
      const timer = setTimeout(callback, Math.max(0, ms / scale));
      return () => clearTimeout(timer);
    },
  };
}

/** Waits `ms` of the clock's time; rejects with the signal's reason when aborted. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = clock.setTimer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
