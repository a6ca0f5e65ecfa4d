// Who did what, from which chat or token, to whom. Append-only.
import { Schema, model, type Types } from 'mongoose';

export interface Actor {
  kind: 'staff' | 'admin' | 'member' | 'system';
  id?: string;
  name?: string;
  channel?: string;
  chatId?: string;
  messageId?: string;
}

export interface AuditLog {
  _id: Types.ObjectId;
  action: string;
  actor: Actor;
  memberId?: Types.ObjectId;
  storeId?: Types.ObjectId;
  details?: Record<string, unknown>;
  at: Date;
}

const auditLogSchema = new Schema<AuditLog>({
  action: { type: String, required: true },
  actor: {
    kind: { type: String, required: true },
    id: String,
    name: String,
    channel: String,
    chatId: String,
    messageId: String,
  },
  memberId: { type: Schema.Types.ObjectId, index: true },
  storeId: Schema.Types.ObjectId,
  details: Schema.Types.Mixed,
  at: { type: Date, required: true, index: true },
});

export const AuditLogModel = model<AuditLog>('AuditLog', auditLogSchema);
