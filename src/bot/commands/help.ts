// 帮助: every store command, from the registry.
import { text } from '../types.js';
import { staffCommand } from './staff-command-spec.js';

export default staffCommand<object>({
  kind: 'help',
  words: ['帮助', '菜单', 'help'],
  usage: '帮助',
  parse: () => ({}),
  run: async (ctx) => [text(ctx.helpText())],
});
