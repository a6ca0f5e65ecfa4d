// Staff sign in to the console with their phone: an SMS code (the same codes, limits and locks as a
// member's binding) or a password they set. Answers never tell a stranger which phones belong to staff.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Types } from 'mongoose';
import { DomainError } from '../errors.js';
import { StaffLoginModel, type StaffLogin } from '../models/staff-login.js';
import type { Staff } from '../models/staff.js';
import { normalizePhone } from '../phone.js';
import type { Throttles } from '../throttle.js';
import type { VerificationService } from '../verification/verification-service.js';
import { requireStaff, staffById } from './staff-service.js';

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  length: number,
) => Promise<Buffer>;

/** The verification identity of console sign-ins, apart from any chat account asking for the same phone. */
const consoleIdentity = (phone: string) => `console:${phone}`;

export const MIN_PASSWORD_LENGTH = 8;

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${(await scrypt(password, salt, 32)).toString('hex')}`;
}

async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const given = await scrypt(password, Buffer.from(salt, 'hex'), 32);
  return timingSafeEqual(given, Buffer.from(hash, 'hex'));
}

export class StaffSignIn {
  constructor(
    private readonly verification: VerificationService,
    private readonly throttles: Throttles,
  ) {}

  /** Sends a sign-in code when the phone is an active staff member's; says the same either way. */
  async sendCode(phoneText: string): Promise<void> {
    const phone = normalizePhone(phoneText);
    if (await activeStaffOf(await loginOf(phone))) {
      await this.verification.send(phone, consoleIdentity(phone));
    } else if (!(await this.throttles.codeSendPerPhone.allow(phone))) {
      // A stranger's phone is limited like a staff member's, so the limit tells nothing either.
      throw new DomainError('RATE_LIMITED', 'too many codes requested; wait a while');
    }
  }

  async withCode(phoneText: string, code: string): Promise<Staff> {
    const phone = normalizePhone(phoneText);
    const check = await this.verification.check(phone, consoleIdentity(phone), code);
    if (check.result !== 'ok') throw new DomainError('VERIFICATION_FAILED', 'wrong or expired code', check);
    const staff = await activeStaffOf(await loginOf(phone));
    if (!staff) throw new DomainError('SIGN_IN_FAILED', 'no active staff member signs in with this phone');
    return staff;
  }

  async withPassword(phoneText: string, password: string): Promise<Staff> {
    const phone = normalizePhone(phoneText);
    if (!(await this.throttles.secretCheck.allow(consoleIdentity(phone)))) {
      throw new DomainError('RATE_LIMITED', 'too many sign-in attempts; wait a while');
    }
    const login = await StaffLoginModel.findById(phone).lean();
    const right = login?.passwordHash ? await passwordMatches(password, login.passwordHash) : false;
    const staff = right ? await activeStaffOf(login) : null;
    if (!staff) throw new DomainError('SIGN_IN_FAILED', 'wrong phone or password');
    return staff;
  }

  /** Sets the password of a staff member who signs in with a phone. */
  async setPassword(staffId: Types.ObjectId, password: string): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH || /^\d+$/.test(password) || /^[A-Za-z]+$/.test(password)) {
      throw new DomainError(
        'WEAK_PASSWORD',
        `at least ${MIN_PASSWORD_LENGTH} characters, not only digits or letters`,
      );
    }
    const staff = await requireStaff(staffId);
    if (!staff.phone) throw new DomainError('SIGN_IN_FAILED', 'this staff member has no sign-in phone');
    await StaffLoginModel.updateOne(
      { _id: staff.phone, staffId },
      { $set: { passwordHash: await hashPassword(password) } },
    );
  }
}

const loginOf = (phone: string) => StaffLoginModel.findById(phone).lean<StaffLogin>();

/** The active staff member a sign-in phone belongs to, or null. */
async function activeStaffOf(login: StaffLogin | null): Promise<Staff | null> {
  const staff = login ? await staffById(login.staffId) : null;
  return staff?.active ? staff : null;
}
