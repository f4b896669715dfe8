// Shapes the workflow's state for the outside: the API document and the read-model row.
import type { FilingCase } from '../../domain/filing/case';
import type { FilingState } from '../../domain/filing/types';
import { nextDeadline } from '../../domain/filing/validity';
import { timelineSpan } from '../timeline';
import type { FilingView } from '../../models/filingView';
import type { FilingDocument, FilingEvent } from './definitions';

/** The next durable deadline as clerks read it (the timer itself comes from domain nextDeadline). */
function nextDeadlineOf(state: FilingState): FilingDocument['nextDeadline'] {
  const next = nextDeadline(state);
  if (!next) return null;
  const kind = ({ LAPSE_COMMITMENT: 'COMMITMENT_LAPSE', EXPIRE: 'EXPIRY', END_INSURANCE: 'INSURANCE_END' } as const)[next.action];
  // The clerk reads the day the filing ends for an insurance change, not the last day before it.
  return { kind, date: next.action === 'END_INSURANCE' ? state.insuranceEnd!.effectiveDate : next.lastValidDate };
}

export function toFilingDocument(state: FilingCase, events: FilingEvent[], revision: number): FilingDocument {
  return {
    id: state.id,
    status: state.status,
    personId: state.personId,
    formerPersonIds: [...state.formerPersonIds],
    scheme: state.scheme,
    insuredRegion: state.insuredRegion,
    treatmentRegion: state.treatmentRegion,
    type: state.type,
    subtype: state.subtype,
    commitment: state.commitment,
    validFrom: state.validFrom,
    validUntil: state.validUntil,
    commitmentDeadline: state.commitmentDeadline,
    commitmentFulfilledOn: state.commitmentFulfilledOn,
    retroactive: state.retroactive,
    benefitsBothRegions: state.benefitsBothRegions,
    selfService: state.selfService,
    proof: state.proof,
    referral: state.referral,
    admissionDate: state.admissionDate,
    linkedFilingId: state.linkedFilingId,
    reReferrals: [...state.reReferrals],
    supersededBy: state.supersededBy,
    endedOn: state.endedOn,
    fundPaidUnderCommitmentFen: state.fundPaidUnderCommitmentFen,
    recoveryObligationFen: state.recoveryObligationFen,
    recoveryId: state.recoveryId,
    nextDeadline: nextDeadlineOf(state),
    createdOn: state.createdOn,
    revision,
    events: events.map((e) => ({ ...e })),
  };
}

export function toFilingView(doc: FilingDocument): FilingView {
  return {
    filingId: doc.id,
    revision: doc.revision,
    personId: doc.personId,
    formerPersonIds: doc.formerPersonIds,
    scheme: doc.scheme,
    insuredRegion: doc.insuredRegion,
    treatmentRegion: doc.treatmentRegion,
    type: doc.type,
    subtype: doc.subtype,
    status: doc.status,
    validFrom: doc.validFrom,
    validUntil: doc.validUntil,
    commitment: doc.commitment,
    commitmentDeadline: doc.commitmentDeadline,
    linkedFilingId: doc.linkedFilingId,
    supersededBy: doc.supersededBy,
    selfService: doc.selfService,
    fundPaidUnderCommitmentFen: doc.fundPaidUnderCommitmentFen,
    recoveryId: doc.recoveryId,
    ...timelineSpan(doc.events, doc.createdOn),
    events: doc.events,
    document: doc,
  };
}
