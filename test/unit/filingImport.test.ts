// a filing moved from the old system opens with its original dates (domain/filing/import.ts):
// the clerk's rules decide whether it may exist, its deadlines run from the original start, and by
// application date it takes its place among the person's filings (F-11).
import zhanjiangJson from '../../policies/440800/filing.json';
import jilinJson from '../../policies/220000/filing.json';
import { DomainError } from '../../domain/errors/types';
import { type FilingPolicy } from '../../domain/policy/filingPolicy';
import {
  checkProofKind,
  checkWorkingPerson,
  nextDeadline,
  onFilingDeadline,
  openFilingCase,
  type FilingApplication,
  type FilingCase,
} from '../../domain/filing';
import {
  importedSupersession,
  openImportedFilingCase,
  originalApplicationDate,
  type ClaimedFiling,
  type ImportedOrigin,
} from '../../domain/filing/import';
import { validThrough } from '../../domain/time';
import { parseFilingPolicy } from '../../domain/policy/filingPolicyFile';

const P440800 = parseFilingPolicy(zhanjiangJson);
const P220000 = parseFilingPolicy(jilinJson);
const policyOf = (region: string): FilingPolicy => (region === '440800' ? P440800 : P220000);

const PERSON = '440802199001010016';
const IMPORTED_ON = '2026-06-20';

function app(region: string, overrides: Partial<FilingApplication> = {}): FilingApplication {
  return {
    personId: PERSON,
    scheme: 'EMPLOYEE',
    insuredRegion: region,
    treatmentRegion: '110000',
    type: 'LONG_TERM',
    subtype: 'RESIDENT',
    commitment: false,
    proof: { kind: 'RESIDENCE_PROOF' },
    ...overrides,
  };
}

const commitment = (o: Partial<FilingApplication> = {}) => app('220000', { commitment: true, proof: undefined, ...o });
const temporary = (o: Partial<FilingApplication> = {}) =>
  app('440800', { type: 'OTHER_TEMPORARY', subtype: undefined, proof: undefined, scheme: 'RESIDENT', ...o });

function origin(o: Partial<ImportedOrigin> = {}): ImportedOrigin {
  return { sourceId: 'OLD-1', importId: 'IMP-1', line: 7, validFrom: '2026-01-15', importedOn: IMPORTED_ON, ...o };
}

function imported(application: FilingApplication, o: Partial<ImportedOrigin> = {}) {
  return openImportedFilingCase(policyOf(application.insuredRegion), { id: 'FIL-IMP-1', application, origin: origin(o) });
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).code;
  }
  throw new Error('expected a DomainError');
}

describe('openImportedFilingCase', () => {
  it.each([
    // [title, application, origin, status, validUntil, commitmentDeadline]
    [
      'X-3, F-6: a pending commitment runs its period from the original start',
      commitment(),
      {},
      'COMMITMENT_PENDING',
      validThrough('2026-01-15', 12),
      validThrough('2026-01-15', 6),
    ],
    [
      "X-3, F-6: the old system's own commitment deadline is kept",
      commitment(),
      { commitmentDeadline: '2026-07-01' },
      'COMMITMENT_PENDING',
      validThrough('2026-01-15', 12),
      '2026-07-01',
    ],
    [
      'X-3, F-2: a temporary filing expires 6 months after the original start',
      temporary(),
      {},
      'ACTIVE',
      validThrough('2026-01-15', 6),
      null,
    ],
    ["X-3, F-2: the old system's recorded last day is kept", temporary(), { validUntil: '2026-03-31' }, 'ACTIVE', '2026-03-31', null],
    ['X-3, F-2: an open-ended original stays open-ended', app('440800'), { validUntil: null }, 'ACTIVE', null, null],
  ] as const)('%s', (_title, application, o, status, validUntil, commitmentDeadline) => {
    const t = imported(application, o);
    expect(t.state).toMatchObject({ status, validFrom: '2026-01-15', validUntil, commitmentDeadline, createdOn: '2026-01-15' });
    expect(t.effects).toEqual([]);
  });

  it('X-3, F-7: a commitment imported five months into its six lapses one month later, on its original date', () => {
    const t = imported(commitment(), { validFrom: '2026-01-20', importedOn: '2026-06-20' });
    const next = nextDeadline(t.state);
    expect(next).toMatchObject({ action: 'LAPSE_COMMITMENT', lastValidDate: '2026-07-19' });
    // Had a clerk filed the same request on the import day, it would run six months from then.
    const fresh = openFilingCase(P220000, {
      id: 'FIL-2',
      application: commitment(),
      applicationDate: '2026-06-20',
      commitmentBarred: false,
    });
    expect(nextDeadline(fresh.state)?.lastValidDate).toBe('2026-12-19');
  });

  it("X-3, F-5: an original start long before the import is no back-dating (a clerk's filing would be refused)", () => {
    const t = imported(app('220000'), { validFrom: '2025-11-01', applicationDate: '2025-12-20' });
    expect(t.state).toMatchObject({ validFrom: '2025-11-01', retroactive: true, createdOn: '2025-12-20' });
    const clerk = () =>
      openFilingCase(P220000, {
        id: 'FIL-2',
        application: { ...app('220000'), startDate: '2025-11-01' },
        applicationDate: IMPORTED_ON,
        commitmentBarred: false,
      });
    expect(codeOf(clerk)).toBe('FILING_RETRO_TOO_EARLY');
  });

  it('X-3, F-7: the old system knew no bar, so an imported commitment is never refused for one', () => {
    expect(imported(commitment()).state.status).toBe('COMMITMENT_PENDING');
  });

  it('X-3: the CREATED event names the source record, the import line and both dates', () => {
    const t = imported(commitment(), { applicationDate: '2026-01-10', fundPaidUnderCommitmentFen: 5_000 });
    expect(t.event.type).toBe('CREATED');
    expect(t.event.note).toBe('X-3');
    expect(t.event.data).toMatchObject({
      status: 'COMMITMENT_PENDING',
      validFrom: '2026-01-15',
      commitmentDeadline: '2026-07-14',
      imported: {
        sourceId: 'OLD-1',
        importId: 'IMP-1',
        line: 7,
        applicationDate: '2026-01-10',
        importedOn: IMPORTED_ON,
        fundPaidUnderCommitmentFen: 5_000,
      },
    });
    expect(t.event.data.ruleRefs).toEqual(expect.arrayContaining(['F-6', 'X-3']));
  });

  it('X-3, F-7: fund money the old system paid under a pending commitment is owed too when it lapses', () => {
    const t = imported(commitment(), { fundPaidUnderCommitmentFen: 5_000 });
    const lapse = onFilingDeadline(P220000, t.state, nextDeadline(t.state)!, 1_200);
    expect(lapse.state).toMatchObject({ status: 'LAPSED', recoveryObligationFen: 6_200 });
    expect(lapse.effects).toEqual([{ type: 'RECORD_COMMITMENT_BAR' }, { type: 'START_RECOVERY', amountFen: 6_200 }]);
  });

  it.each([
    ['applicationDate after the import day', commitment(), { applicationDate: '2026-06-21' }, 'applicationDate is after the import day'],
    ['validUntil before validFrom', temporary(), { validUntil: '2026-01-14' }, 'validUntil is before validFrom'],
    [
      'commitmentDeadline without a commitment',
      temporary(),
      { commitmentDeadline: '2026-07-01' },
      'commitmentDeadline needs commitment: true',
    ],
    ['commitmentDeadline before validFrom', commitment(), { commitmentDeadline: '2026-01-01' }, 'commitmentDeadline is before validFrom'],
    [
      'fund paid without a commitment',
      temporary(),
      { fundPaidUnderCommitmentFen: 100 },
      'fundPaidUnderCommitmentFen needs commitment: true',
    ],
  ] as const)('X-3: IMPORT_DATES_INCONSISTENT for %s', (_title, application, o, problem) => {
    try {
      imported(application, o);
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('IMPORT_DATES_INCONSISTENT');
      expect((e as DomainError).details.problems).toEqual([problem]);
    }
  });

  it.each([
    ['F-6', 'a commitment for a type without one', temporary({ commitment: true }), 'FILING_COMMITMENT_NOT_ALLOWED_FOR_TYPE'],
    ['F-1', 'a proof of the wrong kind', app('220000', { proof: { kind: 'WORK_CERTIFICATE' } }), 'FILING_PROOF_KIND_MISMATCH'],
    [
      'F-1',
      'a working filing of a person not in service',
      app('220000', { subtype: 'WORKING', proof: { kind: 'WORK_CERTIFICATE' } }),
      'FILING_WORKING_IN_SERVICE_ONLY',
    ],
    ['R-1', 'treatment in the insured region', app('440800', { treatmentRegion: '440800' }), 'FILING_SAME_REGION'],
    ['F-1', 'a long-term filing without its subtype', app('440800', { subtype: undefined }), 'FILING_SUBTYPE_REQUIRED'],
  ] as const)("X-3, %s: %s is refused with the code a clerk's filing gets", (_rule, _title, application, expected) => {
    // What a clerk's POST /filings runs on the same content (api/services/filings.ts): materials, then the plan.
    const asClerk = codeOf(() => {
      const policy = policyOf(application.insuredRegion);
      checkWorkingPerson(application);
      checkProofKind(policy, application.subtype, application.proof);
      openFilingCase(policy, {
        id: 'FIL-2',
        application: { ...application, startDate: '2026-01-15' },
        applicationDate: '2026-01-15',
        commitmentBarred: false,
      });
    });
    expect(asClerk).toBe(expected);
    expect(codeOf(() => imported(application))).toBe(asClerk);
  });
});

describe('originalApplicationDate', () => {
  it.each([
    [
      'X-3: the original application date when the old system kept one',
      { validFrom: '2026-01-15', applicationDate: '2026-01-02' },
      '2026-01-02',
    ],
    ['X-3: else the original start', { validFrom: '2026-01-15' }, '2026-01-15'],
  ])('%s', (_title, o, expected) => {
    expect(originalApplicationDate(o)).toBe(expected);
  });
});

describe('importedSupersession (F-11 by application date)', () => {
  const mine = (o: Partial<ImportedOrigin> = {}, application = app('220000')) => ({
    appliedOn: originalApplicationDate(origin(o)),
    seq: 5,
    state: imported(application, o).state as FilingCase,
  });
  const other = (o: Partial<ClaimedFiling>): ClaimedFiling => ({
    filingId: 'FIL-OTHER',
    seq: 1,
    appliedOn: '2026-01-01',
    overlaps: true,
    ended: false,
    ...o,
  });

  it.each([
    [
      'X-3, F-11: older live filings are replaced, in id order',
      [other({ filingId: 'FIL-B' }), other({ filingId: 'FIL-A', appliedOn: '2025-12-01' })],
      { supersededBy: null, supersede: ['FIL-A', 'FIL-B'] },
    ],
    ['X-3, F-11: an older filing that has ended is left as it is', [other({ ended: true })], { supersededBy: null, supersede: [] }],
    [
      'X-3, F-11, R-1: a filing whose coverage does not overlap is no competitor',
      [other({ overlaps: false })],
      { supersededBy: null, supersede: [] },
    ],
    [
      'X-3, F-11: a newer filing applied while this one counted replaced it on that day, even one ended since',
      [other({ filingId: 'FIL-NEW', appliedOn: '2026-03-01', seq: 1, ended: true })],
      { supersededBy: { filingId: 'FIL-NEW', on: '2026-03-01' }, supersede: [] },
    ],
    [
      'X-3, F-11: of two newer filings the newest replaced it',
      [other({ filingId: 'FIL-N1', appliedOn: '2026-02-01' }), other({ filingId: 'FIL-N2', appliedOn: '2026-04-01' })],
      { supersededBy: { filingId: 'FIL-N2', on: '2026-04-01' }, supersede: [] },
    ],
    [
      'X-3, F-11: a newer filing applied before this one started replaces it from its start',
      [other({ filingId: 'FIL-NEW', appliedOn: '2026-01-10' })],
      { supersededBy: null, supersede: ['FIL-NEW'] },
    ],
    [
      'X-3, F-11: on the same application date the later place in the order is the newer',
      [other({ filingId: 'FIL-SAME', appliedOn: '2026-01-15', seq: 9 })],
      { supersededBy: { filingId: 'FIL-SAME', on: '2026-01-15' }, supersede: [] },
    ],
    [
      'X-3, F-11: on the same application date an earlier place is the older',
      [other({ filingId: 'FIL-SAME', appliedOn: '2026-01-15', seq: 2 })],
      { supersededBy: null, supersede: ['FIL-SAME'] },
    ],
  ])('%s', (_title, others, expected) => {
    expect(importedSupersession(mine(), others)).toEqual(expected);
  });

  it('X-3, F-11: a filing applied after this one stopped counting did not replace it', () => {
    // The temporary imported here was valid through 2026-03-31; a newer one applied in April found nothing live.
    const me = mine({ validUntil: '2026-03-31' }, temporary());
    expect(importedSupersession(me, [other({ filingId: 'FIL-LATER', appliedOn: '2026-04-02' })])).toEqual({
      supersededBy: null,
      supersede: [],
    });
    expect(importedSupersession(me, [other({ filingId: 'FIL-IN-TIME', appliedOn: '2026-03-31' })]).supersededBy).toEqual({
      filingId: 'FIL-IN-TIME',
      on: '2026-03-31',
    });
  });

  it('X-3, F-11: a pending commitment counts until its commitment deadline', () => {
    const me = mine({}, commitment());
    expect(me.state.commitmentDeadline).toBe('2026-07-14');
    expect(importedSupersession(me, [other({ appliedOn: '2026-07-15' })]).supersededBy).toBeNull();
    expect(importedSupersession(me, [other({ appliedOn: '2026-07-14' })]).supersededBy).toEqual({
      filingId: 'FIL-OTHER',
      on: '2026-07-14',
    });
  });
});
