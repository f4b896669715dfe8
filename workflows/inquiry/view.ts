// Shapes the inquiry workflow's state for the outside: the API document and the read-model row.
import { forwardedAgencies, nextInquiryDeadline, type InquiryState } from '../../domain/inquiry';
import type { InquiryView } from '../../models/inquiryView';
import { timelineSpan, type TimelineEvent } from '../timeline';
import type { InquiryDocument, InquiryWorkflowInput } from './definitions';

export function toInquiryDocument(
  state: InquiryState,
  input: InquiryWorkflowInput,
  extra: { recoveryId: string | null },
  events: TimelineEvent[],
  revision: number,
): InquiryDocument {
  const next = nextInquiryDeadline(state);
  return {
    id: state.id,
    kind: state.kind,
    status: state.status,
    insuredRegion: state.insuredRegion,
    treatmentRegion: state.treatmentRegion,
    settlementId: state.settlementId,
    hospitalId: input.settlement.hospitalId,
    reason: input.reason,
    suspectedViolation: input.suspectedViolation,
    openedOn: state.openedOn,
    period: state.period,
    dueDate: state.dueDate,
    overdue: state.overdue,
    overdueCount: state.overdueCount,
    reminderDate: state.reminderDate,
    response: state.response ? { ...state.response, reasons: [...state.response.reasons] } : null,
    responses: state.responses.map((r) => ({ ...r, reasons: [...r.reasons] })),
    confirmationDueDate: state.confirmationDueDate,
    negotiationDueDate: state.negotiationDueDate,
    confirmation: state.confirmation ? { ...state.confirmation } : null,
    escalated: state.escalations > 0,
    forwards: (state.forwards ?? []).map((f) => ({ ...f })),
    forwardedTo: forwardedAgencies(state),
    recoveryId: extra.recoveryId,
    closedOn: state.closedOn,
    nextDeadline: next ? { kind: next.kind, date: next.date } : null,
    revision,
    events,
  };
}

export function toInquiryView(doc: InquiryDocument): InquiryView {
  return {
    inquiryId: doc.id,
    revision: doc.revision,
    kind: doc.kind,
    status: doc.status,
    insuredRegion: doc.insuredRegion,
    treatmentRegion: doc.treatmentRegion,
    settlementId: doc.settlementId,
    period: doc.period,
    dueDate: doc.dueDate,
    overdue: doc.overdue,
    recoveryId: doc.recoveryId,
    ...timelineSpan(doc.events, doc.openedOn),
    document: doc,
  };
}
