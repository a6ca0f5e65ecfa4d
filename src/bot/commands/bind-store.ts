// 绑定门店: an admin binds this group chat to a store; it works before the group has a store.
import { bindGroupByAdmin } from '../../domain/staff/group-binding.js';
import { text } from '../types.js';
import * as T from '../templates/staff-replies.js';
import { staffCommand } from './staff-command-spec.js';

export default staffCommand<{ storeCode: string }>({
  kind: 'bindStore',
  words: ['绑定门店', 'bindstore'],
  usage: '绑定门店 <门店编码>，如：绑定门店 S001',
  needsStore: false,
  // Checked by the domain's binding itself (the group has no store yet, so no store's staff to check).
  role: 'owner',
  parse(args) {
    return args[0] && /^[A-Za-z0-9_-]{2,20}$/.test(args[0])
      ? { storeCode: args[0] }
      : { problem: '缺少门店编码' };
  },
  async run({ conv }, c) {
    const store = await bindGroupByAdmin(
      conv.identity?.staffId,
      c.storeCode,
      conv.msg.channel,
      conv.msg.chat.id,
    );
    return [text(T.groupBound(store))];
  },
});
