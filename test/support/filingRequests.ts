// Filing applications the tests use again and again, each a valid request of API.md with a
// fresh person; a test overrides only what it is about.
import type { FilingApplication } from '../../domain/filing/types';
import { newPersonId } from './people';

type Overrides = Partial<FilingApplication>;

/** 440800 OTHER_TEMPORARY to 110000 (F-2: 6 months). */
export const temporaryFiling = (o: Overrides = {}): FilingApplication => ({
  personId: newPersonId(),
  scheme: 'RESIDENT',
  insuredRegion: '440800',
  treatmentRegion: '110000',
  type: 'OTHER_TEMPORARY',
  commitment: false,
  ...o,
});

/** 440800 LONG_TERM RESETTLED with its proof (F-2: open-ended). */
export const longTermFiling = (o: Overrides = {}): FilingApplication => ({
  personId: newPersonId(),
  scheme: 'EMPLOYEE',
  insuredRegion: '440800',
  treatmentRegion: '110000',
  type: 'LONG_TERM',
  subtype: 'RESETTLED',
  commitment: false,
  proof: { kind: 'HOUSEHOLD_REGISTRATION' },
  ...o,
});

/** 220000 LONG_TERM RESIDENT under commitment, proof missing (F-6). */
export const commitmentFiling = (o: Overrides = {}): FilingApplication => ({
  personId: newPersonId(),
  scheme: 'EMPLOYEE',
  insuredRegion: '220000',
  treatmentRegion: '110000',
  type: 'LONG_TERM',
  subtype: 'RESIDENT',
  commitment: true,
  ...o,
});

/** 440800 REFERRAL from one of its designated referring hospitals. */
export const referralFiling = (o: Overrides = {}): FilingApplication => ({
  personId: newPersonId(),
  scheme: 'EMPLOYEE',
  insuredRegion: '440800',
  treatmentRegion: '110000',
  type: 'REFERRAL',
  commitment: false,
  referral: { fromHospital: 'H440800001', certificateNo: `ZJ-${Date.now()}` },
  ...o,
});
