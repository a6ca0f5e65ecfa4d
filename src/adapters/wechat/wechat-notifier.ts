// Notices to WeChat users: a customer-service message inside the window the user opened (48 h after
// their last message), a template message outside it — never a call certain to fail with 45015.
import type { Notifier } from '../../domain/notifications/notifier.js';
import { identityOf } from '../../domain/members/identity-service.js';
import { now } from '../../domain/clock.js';
import type { WechatApi } from './wechat-api.js';

export const SERVICE_WINDOW_MS = 48 * 3600_000;

/** A failure that retrying cannot fix; the queue sends it straight to dead letters. */
export class PermanentDeliveryError extends Error {
  readonly permanent = true;
}

export class WechatNotifier implements Notifier {
  readonly channel = 'wechat';

  constructor(
    private readonly api: WechatApi,
    /** A template with one {{content.DATA}} field; without one, notices outside the window are dead letters. */
    private readonly templateId?: string,
  ) {}

  async send(openId: string, text: string): Promise<void> {
    const identity = await identityOf('wechat', openId);
    const lastSeen = identity?.lastSeenAt?.getTime() ?? 0;
    if (now().getTime() - lastSeen < SERVICE_WINDOW_MS) {
      await this.api.post('/cgi-bin/message/custom/send', {
        touser: openId,
        msgtype: 'text',
        text: { content: text },
      });
      return;
    }
    if (!this.templateId) {
      throw new PermanentDeliveryError('outside the 48-hour service window and no WECHAT_TEMPLATE_ID is set');
    }
    await this.api.post('/cgi-bin/message/template/send', {
      touser: openId,
      template_id: this.templateId,
      data: { content: { value: text } },
    });
  }
}
