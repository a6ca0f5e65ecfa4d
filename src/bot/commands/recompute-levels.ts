// 更新等级: after the levels changed, moves every member up to the level they have reached (a job).
import { text } from '../types.js';
import { RECOMPUTE } from '../templates/programme-replies.js';
import { staffCommand } from './staff-command-spec.js';

export default staffCommand<object>({
  kind: 'recomputeLevels',
  words: ['更新等级', 'recompute'],
  usage: '更新等级',
  role: 'owner',
  parse: () => ({}),
  async run({ conv, request, services }) {
    const { jobId } = await services.levelJobs.start({
      channel: conv.msg.channel,
      chatId: conv.msg.chat.id,
      requestKey: request.requestKey,
    });
    return [text(RECOMPUTE.started(jobId))];
  },
});
