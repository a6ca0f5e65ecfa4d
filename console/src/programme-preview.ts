// What a purchase gives under the rules as the owner types them, before anything is saved. It repeats
// the domain's two pure steps (src/domain/pricing.ts percentOf: the level discount rounded half up to the
// fen; src/domain/programme/programme-rules.ts basePoints: whole points first, the rest by the rounding
// rule), so the preview needs no round trip per keystroke; test/console-programme.test.ts compares it with
// the domain's functions over many amounts, so the two cannot drift apart unnoticed.

export type Rounding = 'floor' | 'round' | 'ceil';

const ROUND: Record<Rounding, (x: number) => number> = {
  floor: Math.floor,
  round: Math.round,
  ceil: Math.ceil,
};

/** What is paid after the level discount (88 = 8.8折), half up to the fen, as the till does. */
export function afterDiscountFen(amountFen: number, discountPercent: number): number {
  return Math.floor((amountFen * discountPercent + 50) / 100);
}

/** Points for money paid: one per `fenPerPoint`, the part left over rounded by the rule. */
export function pointsFor(paidFen: number, fenPerPoint: number, rounding: Rounding): number {
  if (paidFen <= 0 || fenPerPoint <= 0) return 0;
  const whole = Math.floor(paidFen / fenPerPoint);
  const rest = paidFen % fenPerPoint;
  if (rest === 0) return whole;
  return ROUND[rounding](whole + rest / fenPerPoint);
}

export interface PurchasePreview {
  paidFen: number;
  points: number;
}

/** A purchase of `amountFen` by a member of a level: what they pay and the points it earns (no multiplier). */
export function previewPurchase(
  amountFen: number,
  discountPercent: number,
  fenPerPoint: number,
  rounding: Rounding,
): PurchasePreview {
  const paidFen = afterDiscountFen(amountFen, discountPercent);
  return { paidFen, points: pointsFor(paidFen, fenPerPoint, rounding) };
}
