// Member cards in a wallet (WeChat's 卡包): the template made from the programme, a card taken and then
// activated for one of our members, and the card kept showing what the ledger says. Off (every method a
// no-op or null) until a channel gives it a platform.
import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import { now } from '../clock.js';
import { insertOnce } from '../insert-once.js';
import type { Member } from '../models/member.js';
import { LedgerEntryModel, slotId, type LedgerEntry } from '../models/ledger-entry.js';
import { WechatCardModel, WechatCardTemplateModel, type WechatCard } from '../models/wechat-card.js';
import { currentMember } from '../ledger/member-projection.js';
import { currentProgramme, levelById } from '../programme/programme-service.js';
import type { CardDesign, CardFigures, CardPlatform } from './card-platform.js';

/** Brings a member's card up to date, later and retried (a bull job, or in the process). */
export interface CardSyncPort {
  memberChanged(memberId: string, seq: number): void;
}

export interface CardLook {
  shopName: string;
  logoUrl: string;
  color: string;
}

/** Rounds of "send, then see whether a newer entry came meanwhile" before leaving it to that entry's job. */
const SYNC_ROUNDS = 5;

export class MemberCards {
  private platform: CardPlatform | null = null;
  private syncPort: CardSyncPort | null = null;
  /** The 领卡 link of the current template (one QR code per template, not one per question). */
  private offer: { cardId: string; url: string } | null = null;

  constructor(private readonly look: CardLook) {}

  /** The channel that shows cards plugs in here; without one the feature is off. */
  usePlatform(platform: CardPlatform): void {
    this.platform = platform;
  }

  useSync(port: CardSyncPort): void {
    this.syncPort = port;
  }

  get enabled(): boolean {
    return this.platform !== null;
  }

  /** After every committed entry and level change: the member's card is brought up to date. */
  changed(memberId: Types.ObjectId | string, seq: number): void {
    if (this.platform) this.syncPort?.memberChanged(String(memberId), seq);
  }

  /** The template's card_id, made or brought in step when the programme or the look changed. */
  async templateCardId(): Promise<string | null> {
    if (!this.platform) return null;
    const design = await this.design();
    const fingerprint = createHash('sha256').update(JSON.stringify(design)).digest('base64url');
    const saved = await WechatCardTemplateModel.findById('member-card').lean();
    if (saved?.fingerprint === fingerprint) return saved.cardId;
    const cardId = await this.platform.saveDesign(design, saved?.cardId ?? null);
    await WechatCardTemplateModel.replaceOne(
      { _id: 'member-card' },
      { cardId, fingerprint, at: now() },
      { upsert: true },
    );
    return cardId;
  }

  /** A link that offers the card, or null when cards are off. */
  async offerUrl(): Promise<string | null> {
    const cardId = await this.templateCardId();
    if (!cardId || !this.platform) return null;
    if (this.offer?.cardId !== cardId) this.offer = { cardId, url: await this.platform.offerUrl(cardId) };
    return this.offer.url;
  }

  /** user_get_card: the card is in the wallet, not yet activated. */
  async taken(openId: string, cardId: string, code: string): Promise<void> {
    await insertOnce(WechatCardModel, {
      _id: code,
      cardId,
      openId,
      memberId: null,
      status: 'taken',
      syncedSeq: 0,
      at: now(),
    });
  }

  /** user_del_card: the card stops being kept in step; the member stays a member. */
  async deleted(code: string): Promise<void> {
    await WechatCardModel.updateOne({ _id: code }, { $set: { status: 'deleted', at: now() } });
  }

  card(code: string): Promise<WechatCard | null> {
    return WechatCardModel.findById(code).lean<WechatCard>();
  }

  /** The phone typed in the card's one-tap activation form, or from a redirect form's ticket. */
  async formPhone(cardId: string, code: string): Promise<string | null> {
    return this.platform ? this.platform.formPhone(cardId, code) : null;
  }

  async ticketPhone(ticket: string): Promise<string | null> {
    return this.platform ? this.platform.ticketPhone(ticket) : null;
  }

  async decryptCode(encrypted: string): Promise<string | null> {
    return this.platform ? this.platform.decryptCode(encrypted) : null;
  }

  /** Activates a taken card for a member whose phone was verified: card number, level, points, balance. */
  async activate(code: string, member: Member): Promise<void> {
    const card = await this.card(code);
    if (!this.platform || !card || card.status === 'deleted') return;
    const current = (await currentMember(member._id)) ?? member;
    await this.platform.activate(card.cardId, code, current.cardNumber, await this.figuresOf(current));
    await WechatCardModel.updateOne(
      { _id: code },
      { $set: { memberId: current._id, status: 'active', syncedSeq: current.seq, at: now() } },
    );
  }

  /**
   * Sends the member's figures to their card, if this entry (seq) is still the newest: a late retry never
   * writes older figures over newer ones. After a send, a newer entry that came meanwhile is sent too,
   * so whichever send is last carries the newest figures.
   */
  async sync(memberId: Types.ObjectId | string, seq: number): Promise<'sent' | 'skipped'> {
    if (!this.platform) return 'skipped';
    const card = await WechatCardModel.findOne({
      memberId: String(memberId),
      status: 'active',
    }).lean<WechatCard>();
    if (!card?.memberId) return 'skipped';
    let member = await currentMember(card.memberId);
    if (!member || member.seq > seq || card.syncedSeq > member.seq) return 'skipped';
    for (let round = 0; round < SYNC_ROUNDS && member; round++) {
      await this.platform.update(card.cardId, card._id, await this.figuresOf(member));
      await WechatCardModel.updateOne({ _id: card._id }, { $max: { syncedSeq: member.seq } });
      const after: Member | null = await currentMember(member._id);
      if (!after || after.seq === member.seq) break;
      member = after;
    }
    return 'sent';
  }

  private async figuresOf(member: Member): Promise<CardFigures> {
    const level = await levelById(member.levelId);
    const last =
      member.seq > 0
        ? await LedgerEntryModel.findById(slotId(member._id, member.seq)).lean<LedgerEntry>()
        : null;
    return {
      points: member.points,
      balanceFen: member.balanceFen,
      levelName: level?.name ?? '',
      ...(last
        ? { last: { kind: last.kind, pointsDelta: last.pointsDelta, balanceDeltaFen: last.balanceDeltaFen } }
        : {}),
    };
  }

  private async design(): Promise<CardDesign> {
    const { levels } = await currentProgramme();
    return {
      ...this.look,
      levels: levels.map((l) => ({ name: l.name, discountPercent: l.discountPercent })),
    };
  }
}
