// The seam for group chats and staff: given a conversation, answers it as staff or agent business,
// or returns null to let it be handled as a member's message.
import type { Conversation } from './conversation.js';
import type { Reply } from './types.js';

/** A group is the support desk's (a registered agents' group) or any other (a store's, or none yet). */
export type GroupKind = 'desk' | 'other';

export interface GroupRouter {
  /** The groups it answers in; the chat engine tells a desk group from another once per message. */
  readonly servesGroups: GroupKind;
  route(conv: Conversation): Promise<Reply[] | null>;
  /** Whether a private message with this text is this router's business (decided without a database). */
  claimsPrivate(raw: string): boolean;
}
