// Work that follows an answer but must not hold it up: it runs detached from the request that started
// it, so the request neither waits for it nor counts its database commands, and a failure is reported
// instead of reaching the caller. Only for work that something else repeats if it is lost (a read rolls
// a projection forward; the notice sweeper addresses a stored notice).
import { AsyncResource } from 'node:async_hooks';

// Created at import, outside any request: tasks run in its (empty) context.
const detached = new AsyncResource('huiyuan.off-the-path');

export type FailureReport = (err: unknown, what: string) => void;

let report: FailureReport = () => undefined;

/** Where failures of detached work are reported (the process logger, set at start-up). */
export function reportOffThePathFailuresTo(reporter: FailureReport): void {
  report = reporter;
}

const pending = new Set<Promise<void>>();

/** Starts `task` detached and returns its promise, which never rejects. */
export function offThePath(what: string, task: () => Promise<unknown>): Promise<void> {
  const running: Promise<void> = detached.runInAsyncScope(() =>
    task().then(
      () => undefined,
      (err: unknown) => report(err, what),
    ),
  );
  pending.add(running);
  void running.finally(() => pending.delete(running));
  return running;
}

/** Resolves when the detached work under way has finished (or after `ms`): for a graceful stop. */
export async function offThePathSettled(ms: number): Promise<void> {
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
  while (pending.size > 0) {
    const done = await Promise.race([Promise.all([...pending]).then(() => true), deadline.then(() => false)]);
    if (!done) return;
  }
}
