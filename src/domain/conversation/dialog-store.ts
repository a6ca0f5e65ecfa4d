// Dialog state per chat account, expiring after ten minutes of silence.
import { now } from '../clock.js';
import { DialogStateModel, type DialogState } from '../models/dialog-state.js';

export const DIALOG_TTL_MS = 10 * 60_000;

export async function currentDialog(identityKey: string): Promise<DialogState | null> {
  const state = await DialogStateModel.findById(identityKey).lean<DialogState>();
  if (!state) return null;
  if (state.expiresAt <= now()) {
    await DialogStateModel.deleteOne({ _id: identityKey });
    return null;
  }
  return state;
}

export async function saveDialog(
  identityKey: string,
  flow: string,
  step: string,
  data: Record<string, unknown> = {},
  ttlMs = DIALOG_TTL_MS,
): Promise<void> {
  await DialogStateModel.replaceOne(
    { _id: identityKey },
    { flow, step, data, expiresAt: new Date(now().getTime() + ttlMs) },
    { upsert: true },
  );
}

export async function endDialog(identityKey: string): Promise<void> {
  await DialogStateModel.deleteOne({ _id: identityKey });
}
