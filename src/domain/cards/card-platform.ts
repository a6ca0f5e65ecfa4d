// The port to the platform that shows a member card in a wallet (WeChat's 卡包): the domain says what the
// card shows, the WeChat adapter says it in WeChat's API.
import type { Level } from '../models/level.js';
import type { LedgerKind } from '../models/ledger-entry.js';

/** What the card shows: absolute figures (never increments), and the entry that made them. */
export interface CardFigures {
  points: number;
  balanceFen: number;
  levelName: string;
  last?: { kind: LedgerKind; pointsDelta: number; balanceDeltaFen: number };
}

/** The card template as the programme and the shop's settings make it. */
export interface CardDesign {
  shopName: string;
  logoUrl: string;
  color: string;
  levels: Array<Pick<Level, 'name' | 'discountPercent'>>;
}

export interface CardPlatform {
  /** Creates the card template, or brings an existing one in step; returns its card_id. */
  saveDesign(design: CardDesign, existingCardId: string | null): Promise<string>;
  /** A link that offers the card (a 领卡 QR code page). */
  offerUrl(cardId: string): Promise<string>;
  /** The phone the member typed in the card's activation form. */
  formPhone(cardId: string, code: string): Promise<string | null>;
  /** The phone from a redirect-form activation (activate_ticket). */
  ticketPhone(activateTicket: string): Promise<string | null>;
  activate(cardId: string, code: string, membershipNumber: string, figures: CardFigures): Promise<void>;
  update(cardId: string, code: string, figures: CardFigures): Promise<void>;
  /** The code behind an encrypted code (a card opened from the wallet). */
  decryptCode(encrypted: string): Promise<string>;
}
