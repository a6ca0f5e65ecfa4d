// 核销: a gift handed over or a coupon taken in at the counter.
import { normalizeSn } from '../../domain/coupons/coupon-sn.js';
import { text } from '../types.js';
import * as T from '../templates/staff-replies.js';
import { staffCommand } from './staff-command-spec.js';

export default staffCommand<{ sn: string }>({
  kind: 'redeem',
  words: ['核销', 'hx', 'redeem'],
  usage: '核销 <券码>，如：核销 ABCD2345EFGH',
  help: '核销 <券码>',
  parse(args) {
    const sn = args.length ? normalizeSn(args.join('')) : '';
    return sn ? { sn } : { problem: '缺少券码' };
  },
  async run({ request, services }, c) {
    return [text(T.redeemReceipt(await services.checkout.redeemAtCounter({ ...request, sn: c.sn })))];
  },
});
