// What follows a committed ledger entry, in one place so that no door can forget it: the level the
// member has now reached, and the notices they are owed. Safe to run again for a replayed entry: the
// upgrade finds nothing to do and notices are keyed once. Nothing here can undo or deny the commit: a
// failure is reported and the answer still states what was committed (更新等级 and the notice sweeper
// catch up).
import type { LedgerEntry } from '../models/ledger-entry.js';
import type { Level } from '../models/level.js';
import type { Member } from '../models/member.js';
import { moveUpIfDue, type LevelStanding } from '../levels/level-service.js';
import { tellUpgrade } from '../levels/upgrade-notice.js';
import type { CheckoutDeps } from './checkout-request.js';
import { levelById } from '../programme/programme-service.js';
import { storeName } from '../stores/store-service.js';

export interface Settled {
  /** The member as the entry left them (after-values, level after any upgrade). */
  member: Member;
  level: Level | null;
  upgradedTo: Level | null;
}

export async function settleEntry(
  deps: Pick<CheckoutDeps, 'notices' | 'report' | 'cards'>,
  member: Member,
  entry: LedgerEntry,
): Promise<Settled> {
  const { notices } = deps;
  const attempt = async (what: string, task: () => Promise<unknown>) => {
    try {
      await task();
      return true;
    } catch (err) {
      deps.report?.(err, what);
      return false;
    }
  };
  const after: Member = {
    ...member,
    seq: entry.seq,
    balanceFen: entry.balanceAfterFen,
    points: entry.pointsAfter,
    totalSpendFen: entry.spendAfterFen,
    ...(entry.countCardsAfter ? { countCards: entry.countCardsAfter } : {}),
  };
  const levelState: LevelStanding = { current: null, upgradedTo: null };
  await attempt('level upgrade', async () => {
    // Reversals never move a member down: levels are earned, and a mistake's undoing is not a demotion.
    Object.assign(
      levelState,
      entry.kind === 'reversal'
        ? { current: await levelById(member.levelId), upgradedTo: null }
        : await moveUpIfDue(after),
    );
  });
  const { current, upgradedTo } = levelState;
  if (upgradedTo) {
    after.levelId = upgradedTo._id;
    deps.cards?.changed(member._id, entry.seq); // the card shows the level too
  }
  // Members see their own actions answered in the chat; they are told of what others did to the card.
  if (entry.actor.kind !== 'member') {
    await attempt('entry notice', async () =>
      notices.notifyMemberOf(member._id, `entry:${entry.no}`, {
        kind: 'entry',
        entry,
        storeName: await storeName(entry.storeId),
      }),
    );
  }
  if (upgradedTo) await attempt('upgrade notice', () => tellUpgrade(notices, member, upgradedTo));
  return { member: after, level: upgradedTo ?? current, upgradedTo };
}
