// The notice of a level reached, with what the level gives: after a commit and after 更新等级 alike.
import type { Level } from '../models/level.js';
import type { Member } from '../models/member.js';
import type { NoticeService } from '../notifications/notice-service.js';
import { currentProgramme } from '../programme/programme-service.js';
import { benefitsOf } from '../programme/programme-rules.js';

/** Tells a member they reached a level, once per member and level. */
export async function tellUpgrade(
  notices: NoticeService,
  member: Pick<Member, '_id'>,
  level: Level,
  { onlyIfReachable = false } = {},
): Promise<string> {
  const { rules } = await currentProgramme();
  const tell = onlyIfReachable
    ? notices.notifyIfReachable.bind(notices)
    : notices.notifyMemberOf.bind(notices);
  return tell(member._id, `upgrade:${String(member._id)}:${level.code}`, {
    kind: 'upgrade',
    level,
    benefits: benefitsOf(level, rules),
  });
}
