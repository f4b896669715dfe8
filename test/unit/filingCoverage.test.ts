// F-4 with F-12 and F-11: a filing that has since ended still covers a stay admitted while it was
// valid, and never one admitted on or after the day it ended; a lapsed commitment covers nothing (F-7).
import { filingProblem } from '../../domain/settlement';
import type { FilingFacts } from '../../domain/settlement/types';
import type { Bill } from '../../domain/settlement/bill';

const filing = (over: Partial<FilingFacts>): FilingFacts => ({
  id: 'FIL-1',
  type: 'LONG_TERM',
  status: 'ACTIVE',
  validFrom: '2026-01-01',
  validUntil: null,
  treatmentRegion: '110000',
  endedOn: null,
  ...over,
});
const admittedOn = (admissionDate: string) => ({ admissionDate, treatmentRegion: '110000' }) as Bill;

describe('F-4: which filings cover an admission', () => {
  it.each([
    ['F-12: ENDED on 2026-05-01 covers a stay admitted the day before', { status: 'ENDED', endedOn: '2026-05-01' }, '2026-04-30', null],
    [
      'F-12: ENDED on 2026-05-01 does not cover an admission on that day',
      { status: 'ENDED', endedOn: '2026-05-01' },
      '2026-05-01',
      'NOT_VALID_ON_ADMISSION',
    ],
    ['F-11: SUPERSEDED covers a stay admitted before it was replaced', { status: 'SUPERSEDED', endedOn: '2026-03-01' }, '2026-02-15', null],
    [
      'F-8: CANCELLED does not cover an admission after the cancellation',
      { status: 'CANCELLED', endedOn: '2026-03-01' },
      '2026-03-02',
      'NOT_VALID_ON_ADMISSION',
    ],
    ['F-7: LAPSED covers nothing, even inside its window', { status: 'LAPSED', endedOn: '2026-07-15' }, '2026-02-01', 'LAPSED'],
    ['F-4: ACTIVE does not cover an admission before validFrom', { status: 'ACTIVE' }, '2025-12-31', 'NOT_VALID_ON_ADMISSION'],
    ['F-4: a filing for another treatment region does not cover', { treatmentRegion: '310000' }, '2026-02-01', 'OTHER_TREATMENT_REGION'],
  ] as const)('%s', (_rule, over, admission, problem) => {
    expect(filingProblem(filing(over as Partial<FilingFacts>), admittedOn(admission))).toBe(problem);
  });
});
