// 规则: the programme's rules for points, recharge bonuses, birthdays and check-in.
import { currentProgramme } from '../../domain/programme/programme-service.js';
import { text } from '../types.js';
import { rulesReply } from '../templates/programme-replies.js';
import { staffCommand } from './staff-command-spec.js';

export default staffCommand<object>({
  kind: 'rules',
  words: ['规则', 'rules'],
  usage: '规则',
  role: 'manager',
  parse: () => ({}),
  async run() {
    return [text(rulesReply(await currentProgramme()))];
  },
});
