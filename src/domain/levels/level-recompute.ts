// 更新等级: after the levels or the upgrade basis changed, every member moves up to the level they have
// reached, and each one who moves is told. Repeating it changes nothing and tells nobody twice.
import type { NoticeService } from '../notifications/notice-service.js';
import type { MemberCards } from '../cards/member-cards.js';
import { tellUpgrade } from './upgrade-notice.js';
import { allMemberIds, countMembers, upgradeIfDue } from './level-service.js';

export interface RecomputeResult {
  checked: number;
  upgraded: number;
  /** Upgraded members told on a chat account (the others have none). */
  told: number;
}

export async function recomputeAllLevels(
  notices: NoticeService,
  onProgress: (percent: number) => void | Promise<void> = () => {},
  /** Wallet cards show the level: each member who moved has theirs brought up to date. */
  cards?: Pick<MemberCards, 'changed'>,
): Promise<RecomputeResult> {
  const total = Math.max(1, await countMembers());
  const result: RecomputeResult = { checked: 0, upgraded: 0, told: 0 };
  for await (const ids of allMemberIds()) {
    for (const id of ids) {
      const moved = await upgradeIfDue(id);
      if (moved) {
        result.upgraded++;
        cards?.changed(moved.member._id, moved.member.seq);
        const outcome = await tellUpgrade(notices, moved.member, moved.level, { onlyIfReachable: true });
        if (outcome !== 'unreachable') result.told++;
      }
      result.checked++;
    }
    await onProgress(Math.min(99, Math.floor((result.checked * 100) / total)));
  }
  await onProgress(100);
  return result;
}
