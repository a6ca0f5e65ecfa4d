// Signed webhook requests seen within their replay window: the query's signature may be used again only
// with the identical body (a platform's own retry), never to carry another message.
import { Schema, model } from 'mongoose';

export interface SignedRequest {
  /** "<channel>:<timestamp>:<nonce>:<signature>". */
  _id: string;
  bodyHash: string;
  at: Date;
}

export const SignedRequestModel = model<SignedRequest>(
  'SignedRequest',
  new Schema<SignedRequest>(
    {
      _id: { type: String, required: true },
      bodyHash: { type: String, required: true },
      at: { type: Date, required: true },
    },
    { versionKey: false },
  ),
  'signedrequests',
);
