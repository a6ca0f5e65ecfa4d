// Store group chats: commands from registered staff of the bound store, as declared in the registry;
// everything else is colleagues talking and gets no answer.
import { endDialog, currentDialog, saveDialog } from '../../domain/conversation/dialog-store.js';
import { staffAccess, type StaffAtStore } from '../../domain/staff/staff-access.js';
import { storeOfGroup } from '../../domain/stores/store-service.js';
import { DomainError } from '../../domain/errors.js';
import type { Actor } from '../../domain/models/audit-log.js';
import type { Conversation } from '../conversation.js';
import type { GroupRouter } from '../group-router.js';
import { text, type Reply } from '../types.js';
import * as T from '../templates/staff-replies.js';
import { STAFF_COMMANDS } from '../commands/index.js';
import {
  commandAllows,
  rolesFor,
  type StaffCommandSpec,
  type StaffContext,
  type StaffServices,
} from '../commands/staff-command-spec.js';
import { parseStaffCommand, specOf, type StaffCommand } from './staff-command.js';

export interface StaffRouterOptions extends StaffServices {
  maxAmountFen: number;
  /** Consumptions and recharges above this wait for 确认. */
  confirmAboveFen: number;
}

const CONFIRM_FLOW = 'staff-confirm';
const CONFIRM_TTL_MS = 2 * 60_000;

const HELP = T.staffHelp(STAFF_COMMANDS.flatMap((c) => (c.help ? [c.help] : [])));

export class StaffRouter implements GroupRouter {
  readonly servesGroups = 'other';

  constructor(private readonly options: StaffRouterOptions) {}

  claimsPrivate(): boolean {
    return false; // store commands work only in a store's group chat
  }

  async route(conv: Conversation): Promise<Reply[] | null> {
    if (conv.msg.chat.kind !== 'group') return null;
    const parsed = parseStaffCommand(conv.raw, this.options.maxAmountFen);
    // Colleagues talking among themselves; in a group with no store, a mention gets how to bind it.
    if (!parsed) return conv.msg.mentionsBot ? this.hintIfUnbound(conv) : [];
    const { spec } = parsed;
    if (parsed.ok && spec.needsStore === false) {
      return this.run(conv, null, spec, parsed.command, conv.msg.messageId);
    }
    const access = await staffAccess(conv.identity, conv.msg.channel, conv.msg.chat.id);
    if ('refusal' in access) {
      if (access.refusal === 'NOT_STAFF_HERE') return [text(T.NOT_STAFF_HERE)];
      return access.senderIsStaff ? [text(T.GROUP_NOT_BOUND)] : [];
    }
    if (!parsed.ok) return [text(T.badCommand(parsed.problem, parsed.usage))];

    if (!commandAllows(spec, access.staff.roles)) {
      throw new DomainError('FORBIDDEN', `needs role ${rolesFor(spec).join(' or ')}`, {
        role: rolesFor(spec)[0],
      });
    }
    const amount = spec.amountToConfirm?.(parsed.command) ?? 0;
    if (amount > this.options.confirmAboveFen) {
      await saveDialog(
        conv.identityKey,
        CONFIRM_FLOW,
        'confirm',
        { command: parsed.command, messageId: conv.msg.messageId },
        CONFIRM_TTL_MS,
      );
      return [text(T.confirmLarge(amount, conv.raw))];
    }
    return this.run(conv, access, spec, parsed.command, conv.msg.messageId);
  }

  private async hintIfUnbound(conv: Conversation): Promise<Reply[]> {
    return (await storeOfGroup(conv.msg.channel, conv.msg.chat.id)) ? [] : [text(T.UNBOUND_ROOM_HINT)];
  }

  private async confirm(conv: Conversation, at: StaffAtStore): Promise<Reply[]> {
    const pending = await currentDialog(conv.identityKey);
    if (pending?.flow !== CONFIRM_FLOW) return [text(T.NOTHING_TO_CONFIRM)];
    await endDialog(conv.identityKey);
    // The original message id stays the idempotency key: confirming twice cannot apply twice.
    const command = pending.data.command as StaffCommand;
    return this.run(conv, at, specOf(command.kind), command, String(pending.data.messageId));
  }

  /** `at` is null only for commands that need no store (绑定门店): they check the sender themselves. */
  private run(
    conv: Conversation,
    at: StaffAtStore | null,
    spec: StaffCommandSpec,
    command: StaffCommand,
    messageId: string,
  ): Promise<Reply[]> {
    const actor: Actor = {
      kind: 'staff',
      ...(at ? { id: String(at.staff._id), name: at.staff.name } : {}),
      channel: conv.msg.channel,
      chatId: conv.msg.chat.id,
      messageId,
    };
    const ctx: StaffContext = {
      conv,
      get at(): StaffAtStore {
        if (!at) throw new Error(`${spec.kind} declares needsStore: false but reads the store`);
        return at;
      },
      request: {
        requestKey: `${conv.identityKey}:${messageId}`,
        channel: conv.msg.channel,
        actor,
        storeId: at?.store._id ?? null,
        staffId: at?.staff._id ?? null,
        operator: at ? at.staff : { roles: [], storeIds: [] },
      },
      services: this.options,
      helpText: () => HELP,
      confirmPending: () => (at ? this.confirm(conv, at) : Promise.resolve([text(T.NOTHING_TO_CONFIRM)])),
    };
    return spec.run(ctx, command);
  }
}
