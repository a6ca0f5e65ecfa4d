// 门店 / 地址 / 电话: every store in one reply; nearest first when the member shared a location.
import { listStores } from '../../domain/stores/store-service.js';
import type { Handler } from '../conversation.js';
import type { MemberIntentSpec } from './member-intent.js';
import { text } from '../types.js';
import { storesReply } from '../templates/member-replies.js';

const EARTH_RADIUS_M = 6_371_000;

/** Great-circle distance in metres. */
export function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h =
    Math.sin(rad(b.lat - a.lat) / 2) ** 2 +
    Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

const showStores: Handler = async ({ msg }) => {
  const stores = await listStores();
  if (stores.length === 0) return [text('门店信息正在整理中。')];
  const here = msg.location;
  if (!here) return [text(storesReply(stores))];
  const measured = stores.map((s) => ({
    ...s,
    ...(s.location?.lat !== undefined && s.location.lng !== undefined
      ? { distanceM: distanceM(here, s.location) }
      : {}),
  }));
  measured.sort((a, b) => (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity));
  return [text(storesReply(measured))];
};

export const store: MemberIntentSpec = {
  name: 'store',
  words: [
    '门店',
    '地址',
    '电话',
    '门店地址',
    '门店电话',
    '联系方式',
    '店在哪',
    '在哪里',
    '在哪',
    '怎么走',
    '营业时间',
    'store',
    'stores',
    '/store',
  ],
  readOnly: true,
  handle: showStores,
};
