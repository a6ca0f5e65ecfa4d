// What a starting service has opened, closed in the reverse order it was opened: each phase of the start
// pushes what it must close as it opens it, so `stop()` (or a start that fails half-way) unwinds exactly
// what exists, every step attempted even when one fails.
import type { Logger } from './logger.js';

export class CloseStack {
  private readonly steps: Array<{ what: string; close: () => unknown }> = [];

  push(what: string, close: () => unknown): void {
    this.steps.push({ what, close });
  }

  async unwind(log: Logger): Promise<void> {
    for (const { what, close } of this.steps.splice(0).reverse()) {
      try {
        await close();
      } catch (err) {
        log.warn({ err }, `stopping: closing ${what} failed`);
      }
    }
  }
}
