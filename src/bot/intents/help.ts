// 帮助: the menu of what a member can ask.
import { text } from '../types.js';
import { MENU } from '../templates/member-replies.js';
import type { MemberIntentSpec } from './member-intent.js';

export const help: MemberIntentSpec = {
  name: 'help',
  words: ['帮助', '菜单', '功能', '?', 'help', 'menu', 'start', '/start', '/help'],
  readOnly: true,
  handle: async () => [text(MENU)],
};
