// Side effects of the inquiry workflow (I-2..I-6): the read model with its audit trail, and the
// messages to the treatment-region and provincial agencies. Agency calls carry keys built from
// the case id and the step, so a retried or replayed call is answered once.
import { recordCaseEvents, type HandedAuditEvent } from './caseEvents';
import { saveInquiryView, type InquiryView } from '../models/inquiryView';
import type { Escalation, InquiryNotice, InquiryReminder } from './agencyContract';
import type { ActivityDeps } from './deps';

export function createInquiryActivities({ db, agency, policies }: ActivityDeps) {
  return {
    /**
     * T-3: the holiday calendars each side counts working days on, as published now: a calendar
     * added after the case began is used by every deadline planned after it was added.
     */
    async workingCalendars({ insuredRegion, treatmentRegion }: { insuredRegion: string; treatmentRegion: string }) {
      return { calendars: policies.calendarsOf(insuredRegion), treatmentCalendars: policies.calendarsOf(treatmentRegion) };
    },

    /** Audit first: a view never shows an event whose audit record could still be missing. */
    async persistInquiry({ view, audit }: { view: InquiryView; audit: HandedAuditEvent[] }): Promise<void> {
      await recordCaseEvents(db, audit, [view.insuredRegion, view.treatmentRegion]);
      await saveInquiryView(db, view);
    },

    /** I-2, I-4: the case is addressed to the treatment-region agency. */
    async notifyInquiryAgency({
      region,
      notice,
      key,
    }: {
      region: string;
      notice: InquiryNotice;
      key: string;
    }): Promise<{ receiptId: string }> {
      return { receiptId: (await agency.notifyInquiry(region, notice, key)).receiptId };
    },

    /** I-4 reminder before the deadline; I-2 notice of a rollover. */
    async remindInquiryAgency({
      region,
      inquiryId,
      reminder,
      key,
    }: {
      region: string;
      inquiryId: string;
      reminder: InquiryReminder;
      key: string;
    }): Promise<{ receiptId: string }> {
      return { receiptId: (await agency.remindInquiry(region, inquiryId, reminder, key)).receiptId };
    },

    /** I-3, I-4, RC-3: the case goes to the provincial agency. */
    async escalateCase({
      region,
      escalation,
      key,
    }: {
      region: string;
      escalation: Escalation;
      key: string;
    }): Promise<{ receiptId: string }> {
      return { receiptId: (await agency.escalate(region, escalation, key)).receiptId };
    },
  };
}

export type InquiryActivities = ReturnType<typeof createInquiryActivities>;
