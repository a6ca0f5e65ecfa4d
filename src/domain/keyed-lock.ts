// Runs tasks one at a time per key inside this process. Correctness never depends on it (the ledger's
// unique slots do); it stops one process from racing itself, which on FerretDB's replace-style updates
// could land an older projection after a newer one, and it spares hot members a storm of retries.
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
