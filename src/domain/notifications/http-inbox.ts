// The http channel's "phone": notices pushed to an http user wait in an inbox the client reads. It is
// storage, so it lives in the domain; the HTTP adapter only reads it out.
import { Schema, model } from 'mongoose';
import { now } from '../clock.js';
import type { Notifier } from './notifier.js';

interface Inbox {
  _id: string;
  messages: Array<{ text: string; at: Date }>;
}

const InboxModel = model<Inbox>(
  'HttpInbox',
  new Schema<Inbox>(
    { _id: String, messages: { type: [{ text: String, at: Date }], default: [] } },
    { versionKey: false },
  ),
  'httpinbox',
);

export class HttpInboxNotifier implements Notifier {
  readonly channel = 'http';

  async send(externalId: string, text: string): Promise<void> {
    await InboxModel.updateOne(
      { _id: externalId },
      { $push: { messages: { $each: [{ text, at: now() }], $slice: -50 } } },
      { upsert: true },
    );
  }
}

export async function inboxOf(externalId: string): Promise<Array<{ text: string; at: Date }>> {
  return (await InboxModel.findById(externalId).lean())?.messages ?? [];
}
