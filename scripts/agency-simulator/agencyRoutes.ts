// Treatment-region (and provincial) agency systems. One simulator answers for every
// region code; each region keeps its own inbox and its own Idempotency-Key space.
import { Router, type Request } from 'express';
import { z } from 'zod';
import { EscalationSchema, InquiryNoticeSchema, InquiryReminderSchema, RecoveryNoticeSchema } from '../../activities/agencyContract';
import type { RouteKit } from './pipeline';
import { valid } from './pipeline';
import type { AgencyMessageKind, SimulatorState } from './state';

const RegionParam = z.string().regex(/^\d{6}$/);
const region = (req: Request): string => valid(RegionParam, req.params.region);
const scope = (req: Request): string => `agency:${req.params.region}`;

export function agencyRoutes({ readRoute, writeRoute }: RouteKit, state: SimulatorState): Router {
  const router = Router();

  const accept = (kind: AgencyMessageKind, schema: z.ZodType) =>
    writeRoute(scope, (req) => {
      const to = region(req);
      const payload = valid(schema, req.body ?? {});
      const inquiryId = req.params.inquiryId;
      const message = state.receive(to, kind, inquiryId === undefined ? payload : { inquiryId, ...(payload as object) });
      return { status: 202, body: { received: true, receiptId: message.receiptId } };
    });

  // I-2 / I-4: an inquiry or issue collaboration addressed to this agency.
  router.post('/agencies/:region/inquiries', accept('INQUIRY', InquiryNoticeSchema));
  // I-4: reminder before the answer deadline.
  router.post('/agencies/:region/inquiries/:inquiryId/reminders', accept('REMINDER', InquiryReminderSchema));
  // I-3 / I-4 / RC-3: escalation to the provincial agency.
  router.post('/agencies/:region/escalations', accept('ESCALATION', EscalationSchema));
  // RC-3: the debtor is notified of a recovery order.
  router.post('/agencies/:region/recoveries', accept('RECOVERY', RecoveryNoticeSchema));

  // Test aid: everything this agency has been told, oldest first.
  router.get(
    '/agencies/:region/inbox',
    readRoute((req) => ({ status: 200, body: { messages: state.inbox(region(req)) } })),
  );

  return router;
}
