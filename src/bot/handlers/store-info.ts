// 门店 / 地址 / 电话: a news card per store.
import { listStores } from '../../domain/stores/store-service.js';
import type { Handler } from '../conversation.js';
import { text } from '../types.js';
import { storeArticles } from '../templates/member-replies.js';

export const showStores: Handler = async () => {
  const stores = await listStores();
  if (stores.length === 0) return [text('门店信息正在整理中。')];
  // One article per reply: WeChat shows a single card for replies to a member's message.
  return storeArticles(stores).map((article) => ({ type: 'news' as const, articles: [article] }));
};
