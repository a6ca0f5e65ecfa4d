// Loads fixtures/demo.json (a store, staff, levels, members, coupons, the points mall, count cards) into an empty database.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Types } from 'mongoose';
import { LevelModel, type Level } from '../domain/models/level.js';
import { placeAtLevel } from '../domain/levels/level-service.js';
import { StoreModel } from '../domain/models/store.js';
import { AgentGroupModel } from '../domain/models/ticket.js';
import { createStore, type NewStore } from '../domain/stores/store-service.js';
import { createStaff, linkStaffIdentity } from '../domain/staff/staff-service.js';
import { createMember, findMember } from '../domain/members/member-service.js';
import { createTemplate, issueCoupons, type NewTemplate } from '../domain/coupons/coupon-service.js';
import { createMallItem, type NewMallItem } from '../domain/mall/mall-service.js';
import { createCountCardPlan, type NewCountCardPlan } from '../domain/count-cards/count-card-service.js';
import { bindMemberIdentity } from '../domain/members/identity-service.js';
import type { LedgerService } from '../domain/ledger/ledger-service.js';
import { parseAmountFen } from '../domain/money.js';
import type { StaffRole } from '../domain/models/staff.js';

interface Identity {
  channel: string;
  externalId: string;
}

interface DemoData {
  stores: Array<NewStore & { groupChats?: string[] }>;
  levels: Array<Omit<Level, '_id'>>;
  staff: Array<{
    name: string;
    roles: StaffRole[];
    stores: string[];
    phone?: string;
    identities?: Identity[];
  }>;
  members: Array<{
    phone: string;
    name?: string;
    level?: string;
    rechargeYuan?: string;
    identities?: Identity[];
  }>;
  agentGroups?: string[];
  /** Points-mall items, each issuing a coupon of the template with that key. */
  mallItems?: Array<Omit<NewMallItem, 'templateId'> & { template: string }>;
  countCardPlans?: NewCountCardPlan[];
  couponTemplates?: Array<
    Omit<NewTemplate, 'attribute' | 'valueFen' | 'discountPercent' | 'minSpendFen'> &
      Partial<NewTemplate> & { key: string; issueUnowned?: number; issueTo?: string[] }
  >;
}

export interface DemoLoad {
  /** Unowned SNs issued for the demo, by template name, to try in a chat. */
  sns: Record<string, string[]>;
}

export const DEMO_FIXTURES = fileURLToPath(new URL('../../fixtures/demo.json', import.meta.url));

const system = { kind: 'system' as const, name: 'demo fixtures' };

/** Loads the demo data unless the database already has stores; null when it did not load. */
export async function loadDemoFixtures(
  ledger: LedgerService,
  file = DEMO_FIXTURES,
): Promise<DemoLoad | null> {
  if (await StoreModel.exists({})) return null;
  const data = JSON.parse(await readFile(file, 'utf8')) as DemoData;

  const storeIds = new Map<string, (typeof StoreModel)['prototype']['_id']>();
  for (const { groupChats, ...s } of data.stores) {
    const store = await createStore(s);
    if (groupChats?.length) await StoreModel.updateOne({ _id: store._id }, { $set: { groupChats } });
    storeIds.set(s.code, store._id);
  }
  const levels = new Map<string, (typeof LevelModel)['prototype']['_id']>();
  for (const level of data.levels) levels.set(level.code, (await LevelModel.create(level))._id);

  for (const s of data.staff) {
    const staff = await createStaff({
      name: s.name,
      roles: s.roles,
      storeIds: s.stores.map((code) => storeIds.get(code)!),
      phone: s.phone,
    });
    for (const id of s.identities ?? []) await linkStaffIdentity(staff._id, id.channel, id.externalId);
  }

  const firstStore = [...storeIds.values()][0] ?? null;
  for (const m of data.members) {
    const member = await createMember(
      { phone: m.phone, name: m.name, registeredStoreId: firstStore },
      system,
    );
    if (m.level) await placeAtLevel(member._id, levels.get(m.level)!);
    for (const id of m.identities ?? []) await bindMemberIdentity(member._id, id.channel, id.externalId);
    if (m.rechargeYuan) {
      await ledger.recharge({
        memberId: member._id,
        amountFen: parseAmountFen(m.rechargeYuan, Number.MAX_SAFE_INTEGER),
        requestKey: `fixture:recharge:${m.phone}`,
        channel: 'fixture',
        actor: system,
        storeId: firstStore,
      });
    }
  }

  for (const group of data.agentGroups ?? [])
    await AgentGroupModel.updateOne({ _id: group }, {}, { upsert: true });

  const sns: Record<string, string[]> = {};
  const templateIds = new Map<string, Types.ObjectId>();
  for (const { key, issueUnowned, issueTo, ...template } of data.couponTemplates ?? []) {
    const created = await createTemplate({
      attribute: 'ordinary',
      valueFen: 0,
      discountPercent: 100,
      minSpendFen: 0,
      ...template,
    });
    templateIds.set(key, created._id);
    if (issueUnowned) sns[template.name] = (await issueCoupons(created._id, issueUnowned)).map((c) => c._id);
    for (const phone of issueTo ?? []) {
      const member = await findMember(phone);
      if (member) await issueCoupons(created._id, 1, member._id);
    }
  }
  for (const { template, ...item } of data.mallItems ?? []) {
    await createMallItem({ ...item, templateId: templateIds.get(template)! });
  }
  for (const plan of data.countCardPlans ?? []) await createCountCardPlan(plan);
  return { sns };
}
