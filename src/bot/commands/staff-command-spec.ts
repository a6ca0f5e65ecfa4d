// The declaration every store command makes, one file each: its words, its form, who may run it, when
// it waits for 确认, and what it does. The staff router and the parser read only these declarations.
import type { OnlineRecharge } from '../../domain/payments/online-recharge.js';
import type { StaffRole } from '../../domain/models/staff.js';
import { holdsRole } from '../../domain/staff/roles.js';
import type { StaffAtStore } from '../../domain/staff/staff-access.js';
import type { Checkout, CheckoutRequest } from '../../domain/checkout/checkout.js';
import type { NoticeService } from '../../domain/notifications/notice-service.js';
import type { Conversation } from '../conversation.js';
import type { Reply } from '../types.js';
import type { LevelJobs } from '../../domain/programme/level-jobs.js';

export interface ParseLimits {
  maxAmountFen: number;
}

/** A parse failure: what was wrong, said to the cashier together with the command's usage. */
export interface Problem {
  problem: string;
}

export interface StaffServices {
  checkout: Checkout;
  notices: NoticeService;
  levelJobs: LevelJobs;
  payments: OnlineRecharge;
}

export interface StaffContext {
  conv: Conversation;
  at: StaffAtStore;
  /** The checkout input every operation starts from: this message's key, the actor, the store. */
  request: CheckoutRequest;
  services: StaffServices;
  /** The staff help text, built from the registry. */
  helpText(): string;
  /** Applies the command waiting for 确认, if any. */
  confirmPending(): Promise<Reply[]>;
}

export interface StaffCommandSpec<A extends object = object> {
  kind: string;
  /** The first one is the command's name in help; the others are aliases. */
  words: readonly string[];
  usage: string;
  /** One line in 帮助. */
  help?: string;
  /**
   * The role needed beyond being staff of the store (staff/roles.ts: 总部 holds manager and cashier);
   * without one, a counter command for cashiers and managers.
   */
  role?: StaffRole;
  /** False for commands that work in a group not bound to a store yet (绑定门店). */
  needsStore?: boolean;
  parse(args: string[], limits: ParseLimits): A | Problem;
  /** An amount which, above the configured threshold, must be confirmed before it is applied. */
  amountToConfirm?(args: A): number;
  run(ctx: StaffContext, args: A): Promise<Reply[]>;
}

/** Declares a command with its argument type inferred. */
export function staffCommand<A extends object>(spec: StaffCommandSpec<A>): StaffCommandSpec {
  return spec as unknown as StaffCommandSpec;
}

/** The roles that may run a command: its own, or the counter's (cashier or manager). */
export function rolesFor(spec: Pick<StaffCommandSpec, 'role'>): StaffRole[] {
  return spec.role ? [spec.role] : ['cashier', 'manager'];
}

/** True when someone with these roles may run the command (at a store they work for). */
export function commandAllows(spec: Pick<StaffCommandSpec, 'role'>, roles: readonly StaffRole[]): boolean {
  return holdsRole(roles, ...rolesFor(spec));
}

export function isProblem(value: object): value is Problem {
  return 'problem' in value && typeof (value as Problem).problem === 'string';
}
