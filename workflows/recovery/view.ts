// Shapes the recovery workflow's state for the outside: the API document and the read-model row.
import type { RecoveryView } from '../../models/recoveryView';
import type { RecoveryDocument } from './definitions';

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
    createdAt: doc.events[0]?.at ?? doc.orderedOn,
    updatedAt: doc.events[doc.events.length - 1]?.at ?? doc.orderedOn,
    document: doc,
  };
}
