// POST /api/bot/messages: the HTTP chat channel, also used by the terminal chat client.
import { z } from 'zod';
import { route } from '../route-table.js';

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
];
