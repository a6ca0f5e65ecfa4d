// 等级: the programme's levels, what each needs and gives.
import { currentProgramme } from '../../domain/programme/programme-service.js';
import { text } from '../types.js';
import { levelsReply } from '../templates/programme-replies.js';
import { staffCommand } from './staff-command-spec.js';

export default staffCommand<object>({
  kind: 'levels',
  words: ['等级', 'levels'],
  usage: '等级',
  help: '等级\u3000规则\u3000更新等级（店长）',
  role: 'manager',
  parse: () => ({}),
  async run() {
    return [text(levelsReply(await currentProgramme()))];
  },
});
