// Member care: which coupon goes with birthday greetings, and running today's greetings now (the daily
// job runs them at 09:00; running them again sends nothing twice).
import { Types } from 'mongoose';
import { z } from 'zod';
import { greetBirthdays, setBirthdayCoupon } from '../../../domain/care/birthday-care.js';
import { objectId, route } from '../route-table.js';

export const careRoutes = [
  route({
    method: 'put',
    path: '/api/care/birthday',
    summary: 'Set (or clear with null) the coupon template sent with birthday greetings',
    tag: 'care',
    roles: ['owner'],
    body: z.object({ templateId: objectId.nullable() }),
    async handler({ body }) {
      const setting = await setBirthdayCoupon(body.templateId ? new Types.ObjectId(body.templateId) : null);
      return { body: { templateId: setting.templateId ? String(setting.templateId) : null } };
    },
  }),
  route({
    method: 'post',
    path: '/api/care/birthday/run',
    summary: "Send today's birthday greetings now (once per member and year)",
    tag: 'care',
    roles: ['owner'],
    async handler({ services }) {
      return { body: await greetBirthdays(services.notices) };
    },
  }),
];
