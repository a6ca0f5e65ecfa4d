// Replay protection for signed webhooks: the first use of a signature is remembered with its body's hash;
// a repeat is accepted only with the same body. Inserting the record is the atomic decision.
import { createHash } from 'node:crypto';
import { now } from '../clock.js';
import { SignedRequestModel } from '../models/signed-request.js';
import { insertOnce } from '../insert-once.js';

export type SignatureUse = 'first' | 'retry' | 'replay';

export async function useSignature(key: string, body: string): Promise<SignatureUse> {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  if (await insertOnce(SignedRequestModel, { _id: key, bodyHash, at: now() })) return 'first';
  const seen = await SignedRequestModel.findById(key).lean();
  return seen?.bodyHash === bodyHash ? 'retry' : 'replay';
}

/** Drops records older than the window: their timestamps are refused anyway. */
export async function forgetSignaturesBefore(before: Date): Promise<void> {
  await SignedRequestModel.deleteMany({ at: { $lt: before } });
}
