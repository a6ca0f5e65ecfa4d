// Connects mongoose and makes sure every model's indexes exist (unique keys are part of correctness).
import mongoose from 'mongoose';
import { requestContext } from './logger.js';
import { StoreModel } from '../domain/models/store.js';
import { StaffModel } from '../domain/models/staff.js';
import { ApiTokenModel } from '../domain/models/api-token.js';
import { LevelModel } from '../domain/models/level.js';
import { MemberModel } from '../domain/models/member.js';
import { ChannelIdentityModel } from '../domain/models/channel-identity.js';
import { LedgerEntryModel } from '../domain/models/ledger-entry.js';
import { AuditLogModel } from '../domain/models/audit-log.js';
import { LedgerIndexModel } from '../domain/models/ledger-index.js';
import { MemberKeyModel } from '../domain/models/member-key.js';
import {
  CouponEventModel,
  CouponModel,
  CouponTemplateModel,
  CouponWalletModel,
  ClaimCodeModel,
} from '../domain/models/coupon.js';
import { CouponIssueModel } from '../domain/models/coupon-issue.js';
import { WalletSlotModel } from '../domain/models/wallet-slot.js';
import { ListingSlotModel } from '../domain/models/listing-slot.js';
import { MallItemModel, MallSlotModel } from '../domain/models/mall.js';
import { CareSettingModel } from '../domain/models/care-setting.js';
import { ProgrammeRulesModel } from '../domain/models/programme-rules.js';
import { SignedRequestModel } from '../domain/models/signed-request.js';
import { ProcessedMessageModel } from '../domain/models/processed-message.js';
import { VerificationCodeModel } from '../domain/models/verification-code.js';
import { MemberChannelsModel, NoticeModel } from '../domain/models/notice.js';
import {
  AgentGroupModel,
  MemberTicketsModel,
  SlaAnnouncementModel,
  TicketAssignmentModel,
  TicketModel,
} from '../domain/models/ticket.js';

export const ALL_MODELS = [
  StoreModel,
  StaffModel,
  ApiTokenModel,
  LevelModel,
  MemberModel,
  ChannelIdentityModel,
  LedgerEntryModel,
  LedgerIndexModel,
  MemberKeyModel,
  AuditLogModel,
  CouponTemplateModel,
  CouponModel,
  CouponEventModel,
  CouponWalletModel,
  ClaimCodeModel,
  CouponIssueModel,
  WalletSlotModel,
  ListingSlotModel,
  ProgrammeRulesModel,
  MallItemModel,
  MallSlotModel,
  CareSettingModel,
  SignedRequestModel,
  ProcessedMessageModel,
  VerificationCodeModel,
  NoticeModel,
  MemberChannelsModel,
  TicketModel,
  TicketAssignmentModel,
  SlaAnnouncementModel,
  MemberTicketsModel,
  AgentGroupModel,
];

// Indexes are created explicitly below; background autoIndex would race the first requests.
mongoose.set('autoIndex', false);
mongoose.set('autoCreate', false);

export async function connectDatabase(
  uri: string,
  dbName?: string,
  extra: mongoose.ConnectOptions = {},
): Promise<typeof mongoose> {
  await mongoose.connect(uri, {
    ...(dbName ? { dbName } : {}),
    serverSelectionTimeoutMS: 10_000,
    maxPoolSize: 50,
    // Every command is counted against the request that sent it (a cheap event; no listener, no cost).
    monitorCommands: true,
    ...extra,
  });
  countRoundTripsPerRequest(mongoose.connection.getClient());
  for (const model of ALL_MODELS) {
    await model.createCollection().catch((err: { code?: number }) => {
      if (err.code !== 48) throw err; // 48: NamespaceExists
    });
    await model.createIndexes();
  }
  return mongoose;
}

const counted = new WeakSet<object>();

/** Adds each command the driver sends to the round trips of the request being handled, if any. */
function countRoundTripsPerRequest(client: ReturnType<typeof mongoose.connection.getClient>): void {
  if (counted.has(client)) return;
  counted.add(client);
  client.on('commandStarted', () => {
    const context = requestContext.getStore();
    if (context) context.dbRoundTrips++;
  });
}

export async function databaseAnswers(): Promise<boolean> {
  try {
    const db = mongoose.connection.db;
    if (!db || mongoose.connection.readyState !== 1) return false;
    await db.command({ ping: 1 });
    return true;
  } catch {
    return false;
  }
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}
