// Dialog state per chat account, expiring after ten minutes of silence. It is kept on the account's
// channel identity document: the message's sender is read anyway, so an open dialog costs no extra read.
import { now } from '../clock.js';
import { ChannelIdentityModel, type ChannelIdentity } from '../models/channel-identity.js';
import type { DialogState } from '../models/dialog-state.js';

export const DIALOG_TTL_MS = 10 * 60_000;

/** The dialog an identity read for this message is in, if it has not expired. */
export function openDialogOf(identity: Pick<ChannelIdentity, 'dialog'> | null): DialogState | null {
  const dialog = identity?.dialog;
  return dialog && dialog.expiresAt > now() ? dialog : null;
}

export async function currentDialog(identityKey: string): Promise<DialogState | null> {
  return openDialogOf(await ChannelIdentityModel.findById(identityKey).lean<ChannelIdentity>());
}

export async function saveDialog(
  identityKey: string,
  flow: string,
  step: string,
  data: Record<string, unknown> = {},
  ttlMs = DIALOG_TTL_MS,
): Promise<void> {
  // A stranger has no identity yet: the dialog creates it (with no card and no staff member).
  const split = identityKey.indexOf(':');
  const dialog: DialogState = { flow, step, data, expiresAt: new Date(now().getTime() + ttlMs) };
  await ChannelIdentityModel.updateOne(
    { _id: identityKey },
    {
      $set: { dialog },
      $setOnInsert: { channel: identityKey.slice(0, split), externalId: identityKey.slice(split + 1) },
    },
    { upsert: true },
  );
}

export async function endDialog(identityKey: string): Promise<void> {
  await ChannelIdentityModel.updateOne({ _id: identityKey }, { $set: { dialog: null } });
}
