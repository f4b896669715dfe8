// Shapes the recovery workflow's state for the outside: the API document and the read-model row.
import type { RecoveryView } from '../../models/recoveryView';
import {
  collectionAccountOf,
  fundAccountOf,
  nextRecoveryDeadline,
  retainedFinesFen,
  transferIdOf,
  type RecoveryOrder,
  type RecoveryState,
} from '../../domain/recovery';
import { timelineSpan, type TimelineEvent } from '../timeline';
import type { RecoveryDocument } from './definitions';

export function toRecoveryDocument(
  state: RecoveryState,
  order: RecoveryOrder,
  events: TimelineEvent[],
  revision: number,
): RecoveryDocument {
  const deadline = nextRecoveryDeadline(state);
  return {
    id: state.id,
    status: state.status,
    amountFen: order.amountFen,
    source: { type: order.source.type, id: order.source.id },
    debtor: state.debtor ?? order.debtor,
    debtorRegion: order.debtorRegion,
    insuredRegion: order.insuredRegion,
    treatmentRegion: order.treatmentRegion,
    scheme: order.scheme,
    reason: order.reason,
    targetAccount: fundAccountOf(order.insuredRegion, order.scheme),
    collectionAccount: collectionAccountOf(order.debtorRegion),
    transferId: transferIdOf(state.id),
    fines: order.fines.map((f) => ({ ...f })),
    finesRetainedFen: retainedFinesFen(order.fines),
    orderedOn: state.orderedOn,
    dueDate: state.dueDate,
    reminderDates: [...state.reminderDates],
    remindersSent: state.remindersSent,
    overdue: state.overdue,
    escalated: state.escalations > 0,
    collectedFen: state.collectedFen,
    collectedOn: state.collectedOn,
    transfer: state.transfer && { ...state.transfer },
    transferRefusal: state.transferRefusal ? { ...state.transferRefusal } : null,
    transferRetries: state.transferRetries ?? 0,
    offset: state.offset ? { ...state.offset } : null,
    reconciliation: state.reconciliation && { ...state.reconciliation, problems: [...state.reconciliation.problems] },
    closedOn: state.closedOn,
    nextDeadline: deadline && { kind: deadline.kind, date: deadline.date },
    revision,
    events,
  };
}

export function toRecoveryView(doc: RecoveryDocument): RecoveryView {
  return {
    recoveryId: doc.id,
    revision: doc.revision,
    status: doc.status,
    amountFen: doc.amountFen,
    sourceType: doc.source.type,
    sourceId: doc.source.id,
    debtor: doc.debtor,
    insuredRegion: doc.insuredRegion,
    treatmentRegion: doc.treatmentRegion,
    targetAccount: doc.targetAccount,
    dueDate: doc.dueDate,
    ...timelineSpan(doc.events, doc.orderedOn),
    document: doc,
  };
}
