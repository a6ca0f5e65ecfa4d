// What a member is told about, as data: the domain decides that a member hears of something, the chat
// templates decide the words (see src/bot/templates/member-notices.ts).
import type { LedgerEntry } from '../models/ledger-entry.js';
import type { Level } from '../models/level.js';
import type { Coupon } from '../models/coupon.js';
import type { Benefit } from '../programme/programme-rules.js';

export type MemberEvent =
  | { kind: 'entry'; entry: LedgerEntry; storeName: string | null }
  | { kind: 'upgrade'; level: Level; benefits: Benefit[] }
  | { kind: 'frozen'; reason: string; storeName: string | null }
  | { kind: 'unfrozen'; storeName: string | null }
  | { kind: 'giftPickedUp'; giftName: string; storeName: string | null }
  | { kind: 'cardPasswordReset' }
  | { kind: 'couponsIssued'; coupons: Coupon[] }
  | { kind: 'birthday'; name: string | null; coupon: Coupon | null }
  | { kind: 'referralRewarded'; inviteeName: string | null; entry: LedgerEntry }
  | { kind: 'campaign'; message: string; coupon: Coupon | null }
  | { kind: 'couponsEnding'; coupons: Coupon[] }
  | { kind: 'pointsExpiring'; points: number; by: string }
  | { kind: 'cardReplaced'; cardNumber: string; oldCardNumber: string; storeName: string | null };

export type MemberEventRenderer = (event: MemberEvent) => string;
