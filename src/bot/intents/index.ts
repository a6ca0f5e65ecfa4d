// Every member intent, one file each: adding one is a new file and a line here.
import type { MemberIntentSpec } from './member-intent.js';
import { help } from './help.js';
import { welcome } from './welcome.js';
import { points } from './points.js';
import { balance } from './balance.js';
import { card } from './card.js';
import { memberCode } from './member-code.js';
import { cardEvent } from './card-event.js';
import { recharge } from './recharge.js';
import { history } from './history.js';
import { coupons } from './coupons.js';
import { couponSn } from './coupon-sn.js';
import { register } from './register.js';
import { bind } from './bind.js';
import { unbind } from './unbind.js';
import { setPassword } from './set-password.js';
import { store } from './store.js';
import { mall } from './mall.js';
import { exchange } from './exchange.js';
import { claim } from './claim.js';
import { invite } from './invite.js';
import { countCards } from './count-cards.js';
import { checkin } from './checkin.js';
import { complain } from './complain.js';
import { supplement } from './supplement.js';
import { myTickets } from './my-tickets.js';

export const MEMBER_INTENTS: readonly MemberIntentSpec[] = [
  help,
  welcome,
  points,
  balance,
  card,
  memberCode,
  cardEvent,
  recharge,
  history,
  coupons,
  couponSn,
  register,
  bind,
  unbind,
  setPassword,
  store,
  mall,
  exchange,
  claim,
  invite,
  countCards,
  checkin,
  complain,
  supplement,
  myTickets,
];
