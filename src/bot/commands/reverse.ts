// 冲正: a manager undoes one of the store's entries.
import { text } from '../types.js';
import * as T from '../templates/staff-replies.js';
import { restText } from './args.js';
import { staffCommand } from './staff-command-spec.js';

export default staffCommand<{ entryNo: string; reason?: string }>({
  kind: 'reverse',
  words: ['冲正', '撤销', 'cx', 'reverse'],
  usage: '冲正 <流水号> [原因]，如：冲正 K7M2QX9P 输错金额',
  help: '冲正 <流水号> [原因]（店长）',
  role: 'manager',
  parse(args) {
    const entryNo = args[0]?.toUpperCase();
    if (!entryNo || !/^[0-9A-Z]{6,12}$/.test(entryNo)) return { problem: '缺少流水号' };
    const reason = restText(args, 1);
    return { entryNo, ...(reason ? { reason } : {}) };
  },
  async run({ request, services }, c) {
    return [text(T.reversalReceipt(await services.checkout.reverse({ ...request, ...c })))];
  },
});
