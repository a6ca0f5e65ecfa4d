// The port every channel implements to push a message to one of its users.
export interface Notifier {
  readonly channel: string;
  send(externalId: string, text: string): Promise<void>;
}

/** Hands a stored notice to whatever delivers it (a bull queue per channel). */
export interface NoticeScheduler {
  schedule(noticeId: string, channel: string): Promise<void>;
}
