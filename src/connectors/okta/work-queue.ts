/** An unbounded FIFO shared by worker loops: producers push ids as pages arrive, workers take them until closed. */
export class WorkQueue<T> {
  private readonly items: T[] = [];
  private head = 0;
  private closed = false;
  private readonly takers: Array<(item: T | undefined) => void> = [];

  push(item: T): void {
    if (this.closed) throw new Error('WorkQueue: push after close');
    const taker = this.takers.shift();
    if (taker) taker(item);
    else this.items.push(item);
  }

  close(): void {
    this.closed = true;
    for (const taker of this.takers.splice(0)) taker(undefined);
  }

  /** The next item, or undefined once the queue is closed and empty. */
  take(): Promise<T | undefined> {
    if (this.head < this.items.length) {
      const item = this.items[this.head] as T;
      this.head += 1;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items.splice(0, this.head);
        this.head = 0;
      }
      return Promise.resolve(item);
    }
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.takers.push(resolve));
  }
}

/**
 * Runs `count` workers that each take items until the queue is closed and drained. After the first failure the rest
 * of the queue is drained without work, and the failure is thrown only once every worker has stopped: no request is
 * left running (and writing) after its source has ended.
 */
export async function drainWith<T>(queue: WorkQueue<T>, count: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    for (let item = await queue.take(); item !== undefined; item = await queue.take()) {
      if (failure) continue;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, count) }, worker));
  if (failure) throw failure.error;
}

/** Waits for every task, then throws the first failure: no task is left running behind an early rejection. */
export async function settleAll(tasks: ReadonlyArray<Promise<unknown>>): Promise<void> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}
