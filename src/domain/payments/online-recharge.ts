// 线上充值: a member pays in WeChat and the balance arrives by itself. The order is stored first (its
// out_trade_no made from the request's key), then created with the provider; only the provider's word that
// it was paid (a verified notify, or our own query) credits it, once, through the checkout. Orders left
// without a word are asked about, credited or closed: a lost notify never loses money.
import { createHash } from 'node:crypto';
import { now } from '../clock.js';
import { DomainError } from '../errors.js';
import { insertOnce } from '../insert-once.js';
import { checkAmountFen } from '../money.js';
import type { Member } from '../models/member.js';
import { RechargeOrderModel, type RechargeOrder } from '../models/recharge-order.js';
import { rechargeBonus } from '../programme/programme-rules.js';
import { currentProgramme } from '../programme/programme-service.js';
import type { Checkout } from '../checkout/checkout.js';
import type { PaymentGateway, PaymentState, RefundState } from './payment-gateway.js';
import type { CheckoutRequest, CheckoutResult } from '../checkout/checkout-request.js';
import { requireEntryNumbered } from '../ledger/ledger-service.js';

export interface OnlineRechargeLimits {
  minFen: number;
  maxFen: number;
  /** How long a placed order may be paid (WeChat Pay's time_expire). */
  payWithinMs: number;
}

export type Settlement = 'credited' | 'unknown-order' | 'mismatch' | 'not-paid';

/** An order the provider has not confirmed, older than this, is asked about by the reconciliation. */
const ASK_AFTER_MS = 2 * 60_000;

export function outTradeNoFor(requestKey: string): string {
  const digest = createHash('sha256').update(requestKey).digest('hex');
  return `HY${digest.slice(0, 30)}`;
}

export class OnlineRecharge {
  private gateway: PaymentGateway | null = null;
  private payPage: ((outTradeNo: string) => string) | null = null;

  constructor(
    private readonly checkout: Checkout,
    private readonly limits: OnlineRechargeLimits,
  ) {}

  /** The payment channel plugs in here; without it, 充值 sends members to the counter. */
  useGateway(gateway: PaymentGateway, payPage: ((outTradeNo: string) => string) | null): void {
    this.gateway = gateway;
    this.payPage = payPage;
  }

  /** Whether we serve a pay page (it needs a public URL): JSAPI needs one, Native can do with its code_url. */
  get hasPayPage(): boolean {
    return this.payPage !== null;
  }

  /** The page a member pays an order on (JSAPI inside WeChat, a QR code elsewhere), when we serve one. */
  payPageUrl(outTradeNo: string): string | null {
    return this.payPage?.(outTradeNo) ?? null;
  }

  get enabled(): boolean {
    return this.gateway !== null;
  }

  get amountLimits(): { minFen: number; maxFen: number } {
    return { minFen: this.limits.minFen, maxFen: this.limits.maxFen };
  }

  order(outTradeNo: string): Promise<RechargeOrder | null> {
    return RechargeOrderModel.findById(outTradeNo).lean<RechargeOrder>();
  }

  /** The order for this request, placed once (a repeated tap gets the same one) and created with the provider. */
  async place(input: {
    member: Member;
    amountFen: number;
    requestKey: string;
    openid: string | null;
  }): Promise<RechargeOrder> {
    const gateway = this.requireGateway();
    const amountFen = checkAmountFen(input.amountFen, this.limits.maxFen);
    if (amountFen < this.limits.minFen) {
      throw new DomainError('INVALID_AMOUNT', 'below the smallest online recharge', {
        minFen: this.limits.minFen,
      });
    }
    const at = now();
    const outTradeNo = outTradeNoFor(input.requestKey);
    await insertOnce(RechargeOrderModel, {
      _id: outTradeNo,
      memberId: input.member._id,
      amountFen,
      bonusFen: rechargeBonus(amountFen, (await currentProgramme()).rules),
      status: 'created',
      kind: input.openid ? 'jsapi' : 'native',
      openid: input.openid,
      prepayId: null,
      codeUrl: null,
      createdAt: at,
      expiresAt: new Date(at.getTime() + this.limits.payWithinMs),
      paidAt: null,
      transactionId: null,
      entryNo: null,
    });
    const order = await this.order(outTradeNo);
    if (!order) throw new Error(`order ${outTradeNo} vanished`);
    if (order.prepayId || order.codeUrl || order.status !== 'created') return order;
    // The provider answers a repeated out_trade_no with the same order, so a retry here is safe.
    const created = await gateway.create({
      outTradeNo,
      description: '会员储值充值',
      totalFen: order.amountFen,
      expiresAt: order.expiresAt,
      openid: order.openid,
    });
    const ids = 'prepayId' in created ? { prepayId: created.prepayId } : { codeUrl: created.codeUrl };
    await RechargeOrderModel.updateOne({ _id: outTradeNo }, { $set: ids });
    return { ...order, ...ids };
  }

  /**
   * The provider says this order was paid (its notify, or our query): credited once, whatever the
   * order's state here (an order paid after we closed it is credited, not dropped).
   */
  async settlePaid(paid: PaymentState): Promise<Settlement> {
    if (paid.state !== 'SUCCESS') return 'not-paid';
    const order = await this.order(paid.outTradeNo);
    if (!order) return 'unknown-order';
    if (paid.totalFen !== order.amountFen || paid.currency !== 'CNY') return 'mismatch';
    const { entry } = await this.checkout.rechargePaidOrder(order);
    // A notify that comes again after a refund must not make the order look paid (and refundable) again.
    await RechargeOrderModel.updateOne(
      { _id: order._id, status: { $in: ['created', 'closed'] } },
      {
        $set: {
          status: 'paid',
          paidAt: order.paidAt ?? now(),
          transactionId: paid.transactionId,
          entryNo: entry.no,
        },
      },
    );
    return 'credited';
  }

  /** Asks the provider about every order still open after a while: credits the paid, closes the expired. */
  async reconcile(): Promise<{ credited: number; closed: number; waiting: number; failed: number }> {
    const gateway = this.requireGateway();
    const at = now();
    const run = { credited: 0, closed: 0, waiting: 0, failed: 0 };
    const refunding = await RechargeOrderModel.find({ status: 'refunding' })
      .limit(500)
      .lean<RechargeOrder[]>();
    for (const { refund } of refunding) {
      try {
        if (refund) await this.settleRefund(await gateway.queryRefund(refund.outRefundNo));
      } catch {
        run.failed++; // asked again on the next round, like an order
      }
    }
    const open = await RechargeOrderModel.find({
      status: 'created',
      createdAt: { $lt: new Date(at.getTime() - ASK_AFTER_MS) },
    })
      .sort({ createdAt: 1 })
      .limit(500)
      .lean<RechargeOrder[]>();
    for (const order of open) {
      try {
        const state = await gateway.query(order._id);
        if ((await this.settlePaid(state)) === 'credited') run.credited++;
        else if (state.state === 'CLOSED' || order.expiresAt <= at) {
          // Closed at the provider first: a payment under way then fails there instead of arriving later.
          if (state.state !== 'CLOSED') await gateway.close(order._id);
          await RechargeOrderModel.updateOne(
            { _id: order._id, status: 'created' },
            { $set: { status: 'closed' } },
          );
          run.closed++;
        } else run.waiting++;
      } catch {
        run.failed++; // asked again on the next round
      }
    }
    return run;
  }

  /**
   * 退款 of the online recharge this 流水号 recorded: the card gives back the money and its bonus in one
   * entry (refused by name when it was spent), then WeChat Pay pays the money back. A repeated request
   * (same key) gets the same answer; a refund WeChat Pay fails is credited back once.
   */
  async refund(
    request: CheckoutRequest & { entryNo: string; reason: string },
  ): Promise<{ order: RechargeOrder; result: CheckoutResult }> {
    const gateway = this.requireGateway();
    const entry = await requireEntryNumbered(request.entryNo);
    const order = await RechargeOrderModel.findOne({ entryNo: entry.no }).lean<RechargeOrder>();
    if (!order) throw new DomainError('ENTRY_NOT_FOUND', `${entry.no} is no online recharge`);
    const again = order.refund?.requestKey === request.requestKey;
    if (order.status !== 'paid' && !again) {
      throw new DomainError('ORDER_NOT_REFUNDABLE', 'not a paid online recharge', { status: order.status });
    }
    const { entryNo: _typed, reason, ...checkoutRequest } = request;
    const result = await this.checkout.refundPaidOrder({ ...checkoutRequest, order, entry, reason });
    const outRefundNo = `RF${order._id.slice(2)}`;
    if (!again) {
      const refund = {
        outRefundNo,
        reason,
        entryNo: result.entry.no,
        requestKey: request.requestKey,
        at: now(),
      };
      await RechargeOrderModel.updateOne({ _id: order._id }, { $set: { status: 'refunding', refund } });
    }
    // The provider answers a repeated out_refund_no with the same refund, so asking again is safe.
    const state = await gateway.refund({
      outTradeNo: order._id,
      outRefundNo,
      reason,
      refundFen: order.amountFen,
      totalFen: order.amountFen,
    });
    await this.settleRefund(state);
    return { order: (await this.order(order._id)) ?? order, result };
  }

  /** How WeChat Pay says a refund ended (its notify, its answer, or our query): settled once. */
  async settleRefund(state: RefundState): Promise<'refunded' | 'restored' | 'pending' | 'unknown'> {
    const order = await RechargeOrderModel.findOne({
      'refund.outRefundNo': state.outRefundNo,
    }).lean<RechargeOrder>();
    if (!order) return 'unknown';
    if (state.status === 'PROCESSING') return 'pending';
    if (state.status === 'SUCCESS') {
      await RechargeOrderModel.updateOne({ _id: order._id }, { $set: { status: 'refunded' } });
      return 'refunded';
    }
    // ABNORMAL or CLOSED: the money never left; the card gets it back (keyed, so once).
    await this.checkout.restoreFailedRefund(order);
    await RechargeOrderModel.updateOne({ _id: order._id }, { $set: { status: 'refund_failed' } });
    return 'restored';
  }

  private requireGateway(): PaymentGateway {
    if (!this.gateway) throw new DomainError('ONLINE_RECHARGE_OFF', 'online recharge is not configured');
    return this.gateway;
  }
}
