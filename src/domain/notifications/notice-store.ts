// The stored notices' lifecycle as the delivery job sees it: read one, record an attempt, a delivery, or
// a dead letter; and the list an admin reads.
import { now } from '../clock.js';
import { NoticeModel, type Notice } from '../models/notice.js';

export async function noticeById(id: string): Promise<Notice | null> {
  return NoticeModel.findById(id).lean<Notice>();
}

export async function recordFailedAttempt(notice: Notice, error: string): Promise<void> {
  await NoticeModel.updateOne(
    { _id: notice._id },
    { $set: { attempts: notice.attempts + 1, lastError: error } },
  );
}

export async function recordDelivered(notice: Notice): Promise<void> {
  await NoticeModel.updateOne(
    { _id: notice._id },
    { $set: { status: 'sent', sentAt: now(), attempts: notice.attempts + 1 } },
  );
}

export async function recordDead(id: string): Promise<void> {
  await NoticeModel.updateOne({ _id: id }, { $set: { status: 'dead' } });
}

export async function noticesByStatus(status: Notice['status'], limit: number): Promise<Notice[]> {
  return NoticeModel.find({ status }).sort({ createdAt: -1 }).limit(limit).lean<Notice[]>();
}

/** Notices stored but not yet delivered, oldest first: what the sweeper offers to the queues again. */
export async function undeliveredNotices(limit: number): Promise<Notice[]> {
  return NoticeModel.find({ status: 'queued' }).sort({ createdAt: 1 }).limit(limit).lean<Notice[]>();
}

/** How many notices are in each status (for metrics). */
export async function noticeCountsByStatus(): Promise<Record<string, number>> {
  const statuses = ['queued', 'sent', 'dead'] as const;
  const counts = await Promise.all(statuses.map((status) => NoticeModel.countDocuments({ status })));
  return Object.fromEntries(statuses.map((s, i) => [s, counts[i]!]));
}
