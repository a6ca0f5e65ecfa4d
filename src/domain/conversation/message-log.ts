// Exactly-once handling of chat messages: the first delivery claims the message id, later deliveries
// get the replies it produced. A claim whose handler died is taken over after a while.
import { now } from '../clock.js';
import { ProcessedMessageModel } from '../models/processed-message.js';
import { insertOnce } from '../insert-once.js';

const STALE_CLAIM_MS = 30_000;

export type Claim<R> = { kind: 'new' } | { kind: 'done'; replies: R[] } | { kind: 'busy' };

export async function claimMessage<R>(id: string, waitMs = 3000): Promise<Claim<R>> {
  const first = await insertOnce(ProcessedMessageModel, {
    _id: id,
    done: false,
    replies: [],
    at: now(),
  });
  if (first) return { kind: 'new' };
  const deadline = Date.now() + waitMs;
  for (;;) {
    const seen = await ProcessedMessageModel.findById(id).lean();
    if (seen?.done) return { kind: 'done', replies: seen.replies as R[] };
    if (seen && now().getTime() - seen.at.getTime() > STALE_CLAIM_MS) {
      // Every effect behind a message is idempotent on its own key, so handling it again is safe.
      await ProcessedMessageModel.updateOne({ _id: id }, { $set: { at: now() } });
      return { kind: 'new' };
    }
    if (Date.now() >= deadline) return { kind: 'busy' };
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function recordReplies<R>(id: string, replies: R[]): Promise<void> {
  await ProcessedMessageModel.updateOne({ _id: id }, { $set: { done: true, replies } });
}

/** Lets a later delivery be handled afresh (the first one failed before changing anything). */
export async function releaseMessage(id: string): Promise<void> {
  await ProcessedMessageModel.deleteOne({ _id: id, done: false });
}
