// Store group chats: staff commands from registered staff of the bound store; everything else is ignored.
import { endDialog, currentDialog, saveDialog } from '../../domain/conversation/dialog-store.js';
import { staffAccess, type StaffAtStore } from '../../domain/staff/staff-access.js';
import { StaffModel } from '../../domain/models/staff.js';
import { hasRole } from '../../domain/staff/staff-service.js';
import { bindGroupToStore, requireStore } from '../../domain/stores/store-service.js';
import { AuditLogModel, type Actor } from '../../domain/models/audit-log.js';
import { now } from '../../domain/clock.js';
import type { Conversation } from '../conversation.js';
import type { GroupRouter } from '../group-router.js';
import { text, type Reply } from '../types.js';
import * as T from '../templates/staff-replies.js';
import { parseStaffCommand, type StaffCommand } from './staff-command.js';
import * as ops from './staff-operations.js';

export interface StaffRouterOptions extends ops.StaffOperationDeps {
  maxAmountFen: number;
  /** Consumptions and recharges above this wait for 确认. */
  confirmAboveFen: number;
}

const CONFIRM_FLOW = 'staff-confirm';
const CONFIRM_TTL_MS = 2 * 60_000;

export class StaffRouter implements GroupRouter {
  constructor(private readonly options: StaffRouterOptions) {}

  async route(conv: Conversation): Promise<Reply[] | null> {
    if (conv.msg.chat.kind !== 'group') return null;
    const parsed = parseStaffCommand(conv.raw, this.options.maxAmountFen);
    if (!parsed) return []; // colleagues talking among themselves
    if (parsed.ok && parsed.command.kind === 'bindStore')
      return this.bindStore(conv, parsed.command.storeCode);

    const access = await staffAccess(conv.identity, conv.msg.channel, conv.msg.chat.id);
    if ('refusal' in access)
      return [text(access.refusal === 'GROUP_NOT_BOUND' ? T.GROUP_NOT_BOUND : T.NOT_STAFF_HERE)];
    if (!parsed.ok) return [text(T.badCommand(parsed.problem, parsed.usage))];

    const command = parsed.command;
    if (command.kind === 'help') return [text(T.STAFF_HELP)];
    if (command.kind === 'confirm') return this.confirm(conv, access);
    const large = this.largeAmount(command);
    if (large) {
      await saveDialog(
        conv.identityKey,
        CONFIRM_FLOW,
        'confirm',
        { command, messageId: conv.msg.messageId },
        CONFIRM_TTL_MS,
      );
      return [text(T.confirmLarge(large, conv.raw))];
    }
    return this.run(conv, access, command, conv.msg.messageId);
  }

  private largeAmount(command: StaffCommand): number | null {
    if (
      (command.kind === 'consume' || command.kind === 'recharge') &&
      command.amountFen > this.options.confirmAboveFen
    ) {
      return command.amountFen;
    }
    return null;
  }

  private async confirm(conv: Conversation, at: StaffAtStore): Promise<Reply[]> {
    const pending = await currentDialog(conv.identityKey);
    if (pending?.flow !== CONFIRM_FLOW) return [text(T.NOTHING_TO_CONFIRM)];
    await endDialog(conv.identityKey);
    // The original message id stays the idempotency key: confirming twice cannot apply twice.
    return this.run(conv, at, pending.data.command as StaffCommand, String(pending.data.messageId));
  }

  private run(
    conv: Conversation,
    at: StaffAtStore,
    command: StaffCommand,
    messageId: string,
  ): Promise<Reply[]> {
    const actor: Actor = {
      kind: 'staff',
      id: String(at.staff._id),
      name: at.staff.name,
      channel: conv.msg.channel,
      chatId: conv.msg.chat.id,
      messageId,
    };
    const request: ops.StaffRequest = {
      at,
      actor,
      context: {
        requestKey: `${conv.identityKey}:${messageId}`,
        channel: conv.msg.channel,
        actor,
        storeId: at.store._id,
        staffId: at.staff._id,
      },
    };
    const deps = this.options;
    switch (command.kind) {
      case 'consume':
        return ops.consume(deps, request, command);
      case 'recharge':
        return ops.recharge(deps, request, command);
      case 'points':
        return ops.adjustPoints(deps, request, command);
      case 'reverse':
        return ops.reverse(deps, request, command);
      case 'redeem':
        return ops.redeem(deps, request, command);
      case 'lookup':
        return ops.lookup(request, command);
      case 'report':
        return ops.report(request, command);
      default:
        return Promise.resolve([text(T.STAFF_HELP)]);
    }
  }

  private async bindStore(conv: Conversation, code: string): Promise<Reply[]> {
    const staff = conv.identity?.staffId ? await StaffModel.findById(conv.identity.staffId).lean() : null;
    if (!staff || !hasRole(staff, 'admin')) return [text(T.ADMINS_ONLY)];
    const store = await requireStore(code);
    await bindGroupToStore(store._id, conv.msg.channel, conv.msg.chat.id);
    await AuditLogModel.create({
      action: 'store.bindGroup',
      actor: {
        kind: 'staff',
        id: String(staff._id),
        name: staff.name,
        channel: conv.msg.channel,
        chatId: conv.msg.chat.id,
      },
      storeId: store._id,
      at: now(),
    });
    return [
      text(`本群已绑定门店 ${store.name}（${store.code}），店员可以开始使用门店指令。发送「帮助」查看指令。`),
    ];
  }
}
