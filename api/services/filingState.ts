import type { FilingState } from '../../domain/filing/types';
import type { FilingDocument } from '../../workflows/filing/definitions';

/** The rules' view of a stored filing. */
export function filingStateOf(doc: FilingDocument): FilingState {
  return {
    id: doc.id,
    personId: doc.personId,
    scheme: doc.scheme as FilingState['scheme'],
    insuredRegion: doc.insuredRegion,
    treatmentRegion: doc.treatmentRegion,
    type: doc.type as FilingState['type'],
    subtype: doc.subtype as FilingState['subtype'],
    status: doc.status as FilingState['status'],
    validFrom: doc.validFrom,
    validUntil: doc.validUntil,
    commitmentDeadline: doc.commitmentDeadline,
    commitment: doc.commitment,
    commitmentFulfilledOn: doc.commitmentFulfilledOn,
    selfService: doc.selfService,
    proof: doc.proof,
    referral: doc.referral,
    linkedFilingId: doc.linkedFilingId,
    reReferral: null,
    admissionDate: doc.admissionDate,
    retroactive: doc.retroactive,
    benefitsBothRegions: doc.benefitsBothRegions,
    createdOn: doc.createdOn,
    endedOn: doc.endedOn,
  };
}
