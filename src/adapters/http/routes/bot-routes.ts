// POST /api/bot/messages: the HTTP chat channel, also used by the terminal chat client.
import { z } from 'zod';
import { route } from '../route-table.js';
import { inboxOf } from '../../../domain/notifications/http-inbox.js';
import { noticesByStatus } from '../../../domain/notifications/notice-store.js';

const message = z.object({
  channel: z.literal('http'),
  messageId: z.string().min(1).max(100),
  from: z.object({ id: z.string().min(1).max(100), name: z.string().max(50).optional() }),
  chat: z.object({ id: z.string().min(1).max(100), kind: z.enum(['private', 'group']) }),
  text: z.string().max(2000),
});

export const botRoutes = [
  route({
    method: 'post',
    path: '/api/bot/messages',
    summary: 'Send a chat message as a user of the http channel; returns the bot’s replies',
    tag: 'bot',
    roles: [],
    body: message,
    async handler({ body, services }) {
      const { name, ...from } = body.from;
      const replies = await services.bot.handle({
        ...body,
        from: name ? { ...from, name } : from,
        sentAt: new Date(),
      });
      return { body: { replies } };
    },
  }),
  route({
    method: 'get',
    path: '/api/bot/inbox/:userId',
    summary: 'Notices pushed to a user of the http channel (what their phone would show)',
    tag: 'bot',
    roles: [],
    async handler({ params }) {
      return { body: { messages: await inboxOf(params.userId!) } };
    },
  }),
  route({
    method: 'get',
    path: '/api/notices',
    summary: 'Notices by status; status=dead lists the dead letters',
    tag: 'bot',
    roles: ['admin'],
    query: z.object({
      status: z.enum(['queued', 'sent', 'dead']).default('dead'),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    async handler({ query }) {
      const notices = await noticesByStatus(query.status, query.limit);
      return {
        body: {
          notices: notices.map((n) => ({
            id: n._id,
            memberId: n.memberId ? String(n.memberId) : null,
            channel: n.channel,
            status: n.status,
            attempts: n.attempts,
            lastError: n.lastError ?? null,
            text: n.text,
          })),
        },
      };
    },
  }),
];
