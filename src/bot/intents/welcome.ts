// A new follower of the Official Account (the channel turns the subscribe event into /subscribe).
import { text } from '../types.js';
import { WELCOME } from '../templates/member-replies.js';
import type { MemberIntentSpec } from './member-intent.js';

export const welcome: MemberIntentSpec = {
  name: 'welcome',
  words: ['/subscribe'],
  handle: async ({ member }) => [text(member ? WELCOME.back(member) : WELCOME.newcomer)],
};
