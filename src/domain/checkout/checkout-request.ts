// The plain input every door gives a checkout use case, and the shape of what it gets back.
import type { OperationContext, LedgerService } from '../ledger/ledger-service.js';
import type { NoticeService } from '../notifications/notice-service.js';
import type { LedgerEntry } from '../models/ledger-entry.js';
import type { Settled } from './after-commit.js';
import type { Operator } from '../staff/operator.js';
import type { Throttles } from '../throttle.js';
import type { MemberCards } from '../cards/member-cards.js';

export interface CheckoutDeps {
  ledger: LedgerService;
  notices: NoticeService;
  maxAmountFen: number;
  /** Told of what failed after a commit (a notice, an upgrade); the operation's answer stands. */
  report?(err: unknown, what: string): void;
  /** Counts staff SN lookups, so a stolen staff account cannot sweep SNs. */
  throttles: Pick<Throttles, 'staffSnLookup'>;
  /** Wallet cards to bring up to date when a level changes (entries themselves are followed by the ledger). */
  cards?: Pick<MemberCards, 'changed'>;
}

/**
 * Who asks, from where, under which idempotency key (the chat message id or the Idempotency-Key header,
 * scoped by channel and sender), and what they may do.
 */
export interface CheckoutRequest extends OperationContext {
  operator: Operator;
}

export interface CheckoutResult extends Settled {
  entry: LedgerEntry;
  /** True when the key had been seen: this is the first outcome again, nothing new was applied. */
  replayed: boolean;
}
