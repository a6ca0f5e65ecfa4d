// POST /api/bot/messages: the HTTP chat channel, also used by the terminal chat client.
import { z } from 'zod';
import { issueIntegrationToken } from '../../../domain/staff/staff-service.js';
import { route } from '../route-table.js';
import { requireSpeaksAs } from '../auth.js';
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
    path: '/api/integrations',
    summary:
      'Issue a credential for a chat front end that speaks for its users on the http channel (shown once)',
    tag: 'bot',
    roles: ['admin'],
    body: z.object({ label: z.string().min(1).max(50), channel: z.literal('http').default('http') }),
    async handler({ body }) {
      return { status: 201, body: { token: await issueIntegrationToken(body.channel, body.label) } };
    },
  }),
  route({
    method: 'post',
    path: '/api/bot/messages',
    summary: 'Send a chat message as a user of the http channel; returns the bot’s replies',
    tag: 'bot',
    roles: [],
    integrations: true,
    body: message,
    async handler({ body, principal, services }) {
      // Who is speaking is settled by the credential, not by the body's claim.
      await requireSpeaksAs(principal, body.channel, body.from.id);
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
    integrations: true,
    async handler({ params, principal }) {
      await requireSpeaksAs(principal, 'http', params.userId!);
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
