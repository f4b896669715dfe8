// Shapes the clearing workflow's state for the outside: the API document and the read-model row.
import { nextClearingDeadline, ratesOf, reconciliationCounts, type ClearingState } from '../../domain/clearing';
import type { ClearingView } from '../../models/clearing';
import { timelineSpan, type TimelineEvent } from '../timeline';
import type { ClearingDocument } from './definitions';

export function toClearingDocument(state: ClearingState, events: TimelineEvent[], revision: number): ClearingDocument {
  const r = state.reconciliation;
  const deadline = nextClearingDeadline(state);
  return {
    id: state.id,
    period: state.period,
    insuredRegion: state.insuredRegion,
    treatmentRegion: state.treatmentRegion,
    status: state.status,
    openedOn: state.openedOn,
    lock: state.lock && { ...state.lock, adjustments: { ...state.lock.adjustments } },
    reconciliation: {
      ...reconciliationCounts(state),
      ourCount: r?.ourCount ?? null,
      ourFundFen: r?.ourFundFen ?? null,
      theirCount: r?.theirCount ?? null,
      theirFundFen: r?.theirFundFen ?? null,
      reconciledOn: r?.reconciledOn ?? null,
    },
    exceptions: state.exceptions.map((e) => ({ ...e, ...(e.resolution ? { resolution: { ...e.resolution } } : {}) })),
    statement: state.statement && {
      ...state.statement,
      byScheme: state.statement.byScheme.map((x) => ({ ...x })),
      byVisitType: state.statement.byVisitType.map((x) => ({ ...x })),
      adjustments: { ...state.statement.adjustments },
      recoveries: state.statement.recoveries.map((x) => ({ ...x })),
    },
    rates: ratesOf(state),
    application: state.application && { ...state.application },
    dueDate: state.dueDate,
    reminderDates: [...state.reminderDates],
    remindersSent: state.remindersSent,
    overdue: state.overdue,
    escalated: state.escalations > 0,
    delayReport: state.delayReport && { ...state.delayReport },
    payment: state.payment && { ...state.payment },
    closedOn: state.closedOn,
    nextDeadline: deadline && { kind: deadline.kind, date: deadline.date },
    revision,
    events,
  };
}

export function toClearingView(doc: ClearingDocument): ClearingView {
  return {
    clearingId: doc.id,
    revision: doc.revision,
    period: doc.period,
    insuredRegion: doc.insuredRegion,
    treatmentRegion: doc.treatmentRegion,
    status: doc.status,
    dueDate: doc.dueDate,
    ...timelineSpan(doc.events, doc.openedOn),
    document: doc,
  };
}
