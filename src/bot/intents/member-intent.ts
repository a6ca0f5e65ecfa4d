// What a member can ask for, declared one intent per file (listed in ./index.ts), like staff commands.
import type { DialogStep, Handler } from '../conversation.js';

/** A conversation an intent opens: the steps that take the member's next answers. */
export interface DialogFlow {
  flow: string;
  steps: Record<string, DialogStep>;
  /** Waits for its answer until it expires, instead of ending at the first other message (a rating). */
  sticky?: boolean;
}

export interface MemberIntentSpec {
  /** How logs and tests call it. */
  name: string;
  /** The keywords members type (normalised: half-width, simplified, lower case), with variants. */
  words?: readonly string[];
  /** Or the shape of a text it recognises when no keyword matches (a coupon SN, a member code). */
  pattern?: (raw: string) => boolean;
  /**
   * Changes nothing: typed bare, it needs no exactly-once record, and inside a dialog it is answered
   * while the dialog waits for its answer.
   */
  readOnly?: boolean;
  dialogs?: readonly DialogFlow[];
  handle: Handler;
}
