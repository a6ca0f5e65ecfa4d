// Count-card plans (what the counter sells) and the cards a member holds, with the uses their ledger says
// are left.
import { idFromKey } from '../key-id.js';
import type { Types } from 'mongoose';
import { DomainError } from '../errors.js';
import { now } from '../clock.js';
import { isDuplicateKey } from '../insert-once.js';
import {
  CountCardModel,
  CountCardPlanModel,
  type CountCard,
  type CountCardPlan,
} from '../models/count-card.js';
import type { Member } from '../models/member.js';

export type NewCountCardPlan = Omit<CountCardPlan, '_id' | 'createdAt'> & { code: string };

export async function createCountCardPlan(input: NewCountCardPlan): Promise<CountCardPlan> {
  const { code, ...rest } = input;
  const plan: CountCardPlan = { _id: code, ...rest, createdAt: now() };
  try {
    await CountCardPlanModel.collection.insertOne(plan as never);
  } catch (err) {
    if (isDuplicateKey(err)) throw new DomainError('COUNT_CARD_PLAN_EXISTS', `plan ${code} exists`);
    throw err;
  }
  return plan;
}

export async function countCardPlans(): Promise<CountCardPlan[]> {
  const plans = await CountCardPlanModel.find().lean<CountCardPlan[]>();
  return plans.sort((a, b) => a._id.localeCompare(b._id, 'en', { numeric: true }));
}

export async function requirePlan(code: string): Promise<CountCardPlan> {
  const plan = await CountCardPlanModel.findById(code).lean<CountCardPlan>();
  if (!plan) throw new DomainError('COUNT_CARD_PLAN_NOT_FOUND', `no count-card plan ${code}`);
  return plan;
}

/** The card a sale makes: its id comes from the sale's key, so a repeated sale finds the same card. */
export function cardForSale(plan: CountCardPlan, memberId: Types.ObjectId, requestKey: string): CountCard {
  const soldAt = now();
  return {
    _id: idFromKey('K', requestKey),
    memberId,
    planCode: plan._id,
    name: plan.name,
    service: plan.service,
    uses: plan.uses,
    soldAt,
    expiresAt: plan.validDays ? new Date(soldAt.getTime() + plan.validDays * 24 * 3600_000) : null,
  };
}

/** Writes the card's description; a repeat of the sale finds it written. */
export async function recordCard(card: CountCard): Promise<void> {
  await CountCardModel.collection.insertOne(card as never).catch((err: unknown) => {
    if (!isDuplicateKey(err)) throw err;
  });
}

export interface HeldCard {
  card: CountCard;
  remaining: number;
}

/** The member's count cards with the uses left, soonest to expire first (by _id lookups only). */
export async function cardsOf(member: Member): Promise<HeldCard[]> {
  const left = member.countCards ?? {};
  const cards = await Promise.all(
    Object.keys(left).map((id) => CountCardModel.findById(id).lean<CountCard>()),
  );
  return cards
    .filter((c): c is CountCard => c !== null)
    .map((card) => ({ card, remaining: left[card._id] ?? 0 }))
    .sort((a, b) => expiry(a.card) - expiry(b.card) || a.card.soldAt.getTime() - b.card.soldAt.getTime());
}

const expiry = (card: CountCard) => card.expiresAt?.getTime() ?? Number.MAX_SAFE_INTEGER;

/** True when the service named at the counter is this card's (its service, plan number or name). */
export function cardServes(card: CountCard, named: string): boolean {
  const n = named.trim().toLowerCase();
  return [card.service, card.planCode, card.name].some((v) => v.toLowerCase() === n);
}

/**
 * The member's cards that can serve `named` now, or the reason none can: no such card, or only expired or
 * used-up ones.
 */
export function usableCards(held: HeldCard[], named: string, at: Date): CountCard[] {
  const serving = held.filter((h) => cardServes(h.card, named));
  if (!serving.length) {
    throw new DomainError('COUNT_CARD_NOT_FOUND', `no count card for ${named}`, {
      services: [...new Set(held.filter((h) => h.remaining > 0).map((h) => h.card.service))],
    });
  }
  const current = serving.filter((h) => !h.card.expiresAt || h.card.expiresAt > at);
  if (!current.length) {
    throw new DomainError('COUNT_CARD_EXPIRED', 'the count card has expired', {
      expiresAt: serving[0]!.card.expiresAt,
    });
  }
  return current.map((h) => h.card);
}
