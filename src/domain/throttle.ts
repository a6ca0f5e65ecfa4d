// A port for counting attempts against a limit (SN guessing, code sending, code checking).
export interface Throttle {
  /** Counts one attempt for `key`; false when the limit for its window is already reached. */
  allow(key: string): Promise<boolean>;
}

/** Named limits the domain asks for; the implementation decides where counts are kept. */
export interface Throttles {
  /** Coupon SN lookups by one chat identity. */
  snGuess: Throttle;
  /** Verification codes sent to one phone. */
  codeSendPerPhone: Throttle;
  /** Verification codes requested by one chat identity. */
  codeSendPerIdentity: Throttle;
  /** Code or card-password checks by one chat identity. */
  secretCheck: Throttle;
  /** Complaints filed by one chat identity. */
  complaint: Throttle;
  /** Wrong verification codes for one phone, whoever typed them (stops guessing spread over accounts). */
  wrongCodePerPhone: Throttle;
  /** Coupon SN lookups by one staff member or API credential (核销, GET /api/coupons/:sn). */
  staffSnLookup: Throttle;
}
