// The http chat channel (POST /api/bot/messages, the terminal client, integrations): its notices wait in
// an inbox the client reads at GET /api/bot/inbox/:user.
import { HttpInboxNotifier } from '../../domain/notifications/http-inbox.js';
import type { ChannelFactory } from '../channel-plugin.js';

export const httpChannel: ChannelFactory = {
  name: 'http',
  create: () => ({ name: 'http', notifier: new HttpInboxNotifier() }),
};
