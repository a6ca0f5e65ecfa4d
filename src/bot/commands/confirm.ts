// 确认: applies the large amount waiting for confirmation in this chat.
import { staffCommand } from './staff-command-spec.js';

export default staffCommand<object>({
  kind: 'confirm',
  words: ['确认', '确定', 'confirm'],
  usage: '确认',
  parse: () => ({}),
  run: (ctx) => ctx.confirmPending(),
});
