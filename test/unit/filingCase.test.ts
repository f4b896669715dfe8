// The filing case's pure transitions (domain/filing/case.ts): what each message and deadline does
// to the one case state the workflow holds, which event it leaves and which effects it asks for.
import zhanjiangJson from '../../policies/440800/filing.json';
import jilinJson from '../../policies/220000/filing.json';
import { DomainError } from '../../domain/errors/types';
import { type FilingPolicy } from '../../domain/policy/filingPolicy';
import {
  cancelFilingCase,
  changeFilingCase,
  fundPaidUnderCommitment,
  insuranceStatusChanged,
  isLive,
  linkReReferral,
  nextDeadline,
  onFilingDeadline,
  openFilingCase,
  recoveryRequired,
  recoveryStarted,
  renumberPerson,
  supersede,
  supersededPrevious,
  supersessionSkipped,
  supplyMaterials,
  type FilingApplication,
  type FilingCase,
  type FilingCaseTransition,
  type FilingStatus,
} from '../../domain/filing';
import { parseFilingPolicy } from '../../domain/policy/filingPolicyFile';

const P440800 = parseFilingPolicy(zhanjiangJson);
const P220000 = parseFilingPolicy(jilinJson);
const policyOf = (region: string): FilingPolicy => (region === '440800' ? P440800 : P220000);

const PERSON = '440802199001010016';
const OTHER_PERSON = '440802199001010024';
const DAY = '2026-01-15';

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

function opened(region: string, overrides: Partial<FilingApplication> = {}): FilingCase {
  return openFilingCase(policyOf(region), {
    id: 'FIL-1',
    application: app(region, overrides),
    applicationDate: DAY,
    commitmentBarred: false,
  }).state;
}

const pending = (region = '220000') => opened(region, { commitment: true, proof: undefined });
const temporary = () => opened('440800', { type: 'OTHER_TEMPORARY', subtype: undefined, proof: undefined });

/** Applies transitions in order, as the workflow does; a null one leaves the case as it was. */
function run(start: FilingCase, ...steps: Array<(c: FilingCase) => FilingCaseTransition | null>) {
  let c = start;
  const events: string[] = [];
  for (const s of steps) {
    const t = s(c);
    if (!t) continue;
    c = t.state;
    events.push(t.event.type);
  }
  return { c, events };
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

describe('opening', () => {
  it('F-6: the case opens with the plan recorded in its CREATED event and nothing yet added', () => {
    const t = openFilingCase(P220000, {
      id: 'FIL-1',
      application: app('220000', { commitment: true, proof: undefined }),
      applicationDate: DAY,
      commitmentBarred: false,
    });
    expect(t.event).toEqual({
      type: 'CREATED',
      data: expect.objectContaining({ status: 'COMMITMENT_PENDING', validFrom: DAY, commitmentDeadline: '2026-07-14', retroactive: false }),
    });
    expect(t.effects).toEqual([]);
    expect(t.state).toMatchObject({
      status: 'COMMITMENT_PENDING',
      formerPersonIds: [],
      reReferrals: [],
      supersededBy: null,
      paidSettlements: [],
      fundPaidUnderCommitmentFen: 0,
      recoveryObligationFen: 0,
      recoveryId: null,
    });
  });

  it('F-7 (220000): a barred person cannot open a commitment filing', () => {
    const barred = () =>
      openFilingCase(P220000, {
        id: 'FIL-1',
        application: app('220000', { commitment: true, proof: undefined }),
        applicationDate: DAY,
        commitmentBarred: true,
      });
    expect(codeOf(barred)).toBe('FILING_COMMITMENT_BARRED');
  });

  it('F-11: replacing the previous filing, or skipping one whose case has ended, is recorded and changes nothing else', () => {
    const c = temporary();
    expect(supersededPrevious(c, 'FIL-0')).toEqual({
      state: c,
      event: { type: 'SUPERSEDED_PREVIOUS', note: 'F-11', data: { filingId: 'FIL-0' } },
      effects: [],
    });
    const skipped = supersessionSkipped(c, 'FIL-0', 'workflow not found');
    expect(skipped.state).toBe(c);
    expect(skipped.event).toEqual({
      type: 'SUPERSESSION_SKIPPED',
      note: 'F-11',
      data: { filingId: 'FIL-0', reason: 'workflow not found' },
    });
  });
});

describe('F-7 money paid under a pending commitment', () => {
  const paid = (settlementId: string, fundFen: number) => (c: FilingCase) => fundPaidUnderCommitment(c, { settlementId, fundFen });

  it.each([
    ['one settlement', [paid('S-1', 1_000)], 1_000, 1],
    ['the same settlement reported twice counts once', [paid('S-1', 1_000), paid('S-1', 1_000)], 1_000, 1],
    ['two settlements add up', [paid('S-1', 123_456), paid('S-2', 1_000)], 124_456, 2],
    ['a repeat between others still counts once', [paid('S-1', 500), paid('S-2', 700), paid('S-1', 500)], 1_200, 2],
  ])('F-7: %s', (_label, steps, total, events) => {
    const { c, events: recorded } = run(pending(), ...steps);
    expect(c.fundPaidUnderCommitmentFen).toBe(total);
    expect(recorded).toEqual(Array(events).fill('FUND_PAID_UNDER_COMMITMENT'));
    expect(c.paidSettlements).toHaveLength(events);
  });

  it('F-7: money paid once the proof was supplied (the filing is normal) is not owed back', () => {
    const { c } = run(
      pending(),
      (x) => supplyMaterials(P220000, x, { proof: { kind: 'RESIDENCE_PROOF' } }, '2026-02-01'),
      paid('S-1', 9_000),
    );
    expect(c.status).toBe('ACTIVE');
    expect(c.fundPaidUnderCommitmentFen).toBe(0);
  });

  it.each([
    ['220000', 250_000, [{ type: 'RECORD_COMMITMENT_BAR' }, { type: 'START_RECOVERY', amountFen: 250_000 }]],
    ['220000', 0, [{ type: 'RECORD_COMMITMENT_BAR' }]],
    ['440800', 250_000, [{ type: 'START_RECOVERY', amountFen: 250_000 }]],
    ['440800', 0, []],
  ])('F-7 %s: at lapse with %i fen paid the effects are %j', (region, fen, effects) => {
    const start = fen ? run(pending(region), paid('S-1', fen)).c : pending(region);
    const t = onFilingDeadline(policyOf(region), start, nextDeadline(start)!);
    expect(t.state).toMatchObject({ status: 'LAPSED', endedOn: '2026-07-15', recoveryObligationFen: fen });
    expect(t.event).toEqual({
      type: 'COMMITMENT_LAPSED',
      note: 'F-7',
      data: { deadline: '2026-07-14', barPerson: region === '220000', fundPaidFen: fen },
    });
    expect(t.effects).toEqual(effects);
    expect(isLive(t.state)).toBe(false);
    expect(nextDeadline(t.state)).toBeNull();
  });

  it('F-7, RC-2: the obligation is recorded, then the recovery that collects it is named on the case', () => {
    const lapsed = onFilingDeadline(P220000, run(pending(), paid('S-1', 3_000)).c, nextDeadline(pending())!).state;
    expect(recoveryRequired(lapsed).event).toEqual({
      type: 'RECOVERY_REQUIRED',
      note: 'F-7, RC-2',
      data: { amountFen: 3_000, source: 'COMMITMENT' },
    });
    const started = recoveryStarted(lapsed, 'REC-COM-FIL-1');
    expect(started.state.recoveryId).toBe('REC-COM-FIL-1');
    expect(started.event.data).toEqual({ recoveryId: 'REC-COM-FIL-1', amountFen: 3_000 });
  });
});

describe('F-11 supersession: only a live filing is superseded', () => {
  const ended: Array<[FilingStatus, FilingCase]> = [
    ['CANCELLED', cancelFilingCase(P440800, temporary(), { requestedOnlineByPerson: false }, DAY).state],
    ['EXPIRED', onFilingDeadline(P440800, temporary(), nextDeadline(temporary())!).state],
    ['LAPSED', onFilingDeadline(P220000, pending(), nextDeadline(pending())!).state],
    ['SUPERSEDED', supersede(temporary(), 'FIL-0', DAY)!.state],
  ];

  it.each([
    ['ACTIVE', temporary()],
    ['COMMITMENT_PENDING', pending()],
  ] as Array<[FilingStatus, FilingCase]>)('F-11: a filing in %s ends SUPERSEDED today, naming its successor', (status, c) => {
    expect(c.status).toBe(status);
    const t = supersede(c, 'FIL-2', '2026-03-01')!;
    expect(t.state).toMatchObject({ status: 'SUPERSEDED', endedOn: '2026-03-01', supersededBy: 'FIL-2' });
    expect(t.event).toEqual({ type: 'SUPERSEDED', note: 'F-11', data: { byFilingId: 'FIL-2' } });
    expect(nextDeadline(t.state)).toBeNull();
  });

  it.each(ended)('F-11, F-8: a filing already %s ignores a late supersession', (status, c) => {
    expect(c.status).toBe(status);
    expect(supersede(c, 'FIL-2', '2026-03-01')).toBeNull();
  });
});

describe('X-1 person-number change', () => {
  it.each([
    ['the same number again changes nothing', [PERSON], PERSON, [], 0],
    ['a new number keeps the former one', [OTHER_PERSON], OTHER_PERSON, [PERSON], 1],
    ['a repeat of the new number is ignored', [OTHER_PERSON, OTHER_PERSON], OTHER_PERSON, [PERSON], 1],
    [
      'two changes keep both former numbers, oldest first',
      [OTHER_PERSON, '110101197001010011'],
      '110101197001010011',
      [PERSON, OTHER_PERSON],
      2,
    ],
  ])('X-1: %s', (_label, numbers, personId, former, events) => {
    const { c, events: recorded } = run(pending(), ...numbers.map((n) => (x: FilingCase) => renumberPerson(x, n)));
    expect(c.personId).toBe(personId);
    expect(c.formerPersonIds).toEqual(former);
    expect(recorded).toHaveLength(events);
    // The case goes on as it was: same status, same deadline.
    expect(c.status).toBe('COMMITMENT_PENDING');
    expect(nextDeadline(c)).toEqual(nextDeadline(pending()));
  });

  it('X-1: the event names both numbers', () => {
    expect(renumberPerson(pending(), OTHER_PERSON)!.event).toEqual({
      type: 'PERSON_ID_CHANGED',
      note: 'X-1',
      data: { from: PERSON, to: OTHER_PERSON },
    });
  });
});

describe('F-10 re-referral links', () => {
  it('F-10: each new filing is linked once, in order', () => {
    const link = (id: string) => (c: FilingCase) => linkReReferral(c, id);
    const { c, events } = run(opened('440800'), link('FIL-R1'), link('FIL-R2'), link('FIL-R1'));
    expect(c.reReferrals).toEqual(['FIL-R1', 'FIL-R2']);
    expect(events).toEqual(['RE_REFERRED', 'RE_REFERRED']);
  });
});

describe('F-2, F-6, F-8 requests and deadlines', () => {
  it('F-6: proof in time turns the pending filing ACTIVE and records before and after', () => {
    const t = supplyMaterials(P220000, pending(), { proof: { kind: 'RESIDENCE_PROOF', validUntil: '2026-12-31' } }, '2026-03-01');
    expect(t.state).toMatchObject({
      status: 'ACTIVE',
      commitmentDeadline: null,
      commitmentFulfilledOn: '2026-03-01',
      validUntil: '2026-12-31',
    });
    expect(t.event).toMatchObject({
      type: 'MATERIALS_SUPPLIED',
      note: 'F-6',
      data: { statusBefore: 'COMMITMENT_PENDING', statusAfter: 'ACTIVE', validUntil: '2026-12-31' },
    });
    expect(nextDeadline(t.state)).toMatchObject({ action: 'EXPIRE', lastValidDate: '2026-12-31' });
  });

  it('F-2: the expiry deadline ends the filing the day after its last valid day', () => {
    const c = temporary();
    const t = onFilingDeadline(P440800, c, nextDeadline(c)!);
    expect(t.state).toMatchObject({ status: 'EXPIRED', endedOn: '2026-07-15' });
    expect(t.event).toEqual({ type: 'EXPIRED', note: 'F-2', data: { validUntil: '2026-07-14' } });
    expect(t.effects).toEqual([]);
  });

  it.each([
    ['2026-07-14', 'FILING_CANCEL_TOO_EARLY'],
    ['2026-07-15', null],
  ])('F-8 440800: cancelling a LONG_TERM filing on %s -> %s', (today, code) => {
    const cancel = () => cancelFilingCase(P440800, opened('440800'), { requestedOnlineByPerson: false, reason: 'moved back' }, today);
    if (code) return expect(codeOf(cancel)).toBe(code);
    const t = cancel();
    expect(t.state).toMatchObject({ status: 'CANCELLED', endedOn: today });
    expect(t.event).toEqual({ type: 'CANCELLED', note: 'moved back', data: { requestedOnlineByPerson: false } });
    expect(nextDeadline(t.state)).toBeNull();
  });

  it('F-8: a change keeps the case, records what it was and what it is, and the clerk note or F-8', () => {
    const t = changeFilingCase(
      P440800,
      run(opened('440800'), (c) => renumberPerson(c, OTHER_PERSON)).c,
      { treatmentRegion: '310000' },
      '2026-07-15',
    );
    expect(t.state).toMatchObject({ treatmentRegion: '310000', personId: OTHER_PERSON, formerPersonIds: [PERSON] });
    expect(t.event).toMatchObject({
      type: 'CHANGED',
      note: 'F-8',
      data: { before: { treatmentRegion: '110000' }, after: { treatmentRegion: '310000' } },
    });
  });

  it('F-6: a pending commitment cannot be changed', () => {
    expect(codeOf(() => changeFilingCase(P220000, pending(), { treatmentRegion: '310000' }, '2026-02-01'))).toBe(
      'FILING_CHANGE_DURING_COMMITMENT',
    );
  });
});

describe('F-12 insurance status change', () => {
  it('F-12: a filing that has ended ignores a report (nothing to record)', () => {
    const ended: FilingCase = { ...opened('440800'), status: 'CANCELLED', endedOn: '2026-02-01' };
    expect(insuranceStatusChanged(ended, { status: 'DECEASED', effectiveDate: '2026-03-01' }, '2026-03-02')).toBeNull();
  });

  it.each([
    ['a past date ends it at once on that date', '2026-03-01', 'ENDED', 'ENDED'],
    ['today ends it at once', '2026-03-02', 'ENDED', 'ENDED'],
    ['a later date is kept until then', '2026-04-01', 'ACTIVE', 'INSURANCE_END_SCHEDULED'],
  ])('F-12: %s', (_label, effectiveDate, status, event) => {
    const t = insuranceStatusChanged(opened('440800'), { status: 'STOPPED', effectiveDate }, '2026-03-02')!;
    expect(t.state.status).toBe(status);
    expect(t.event.type).toBe(event);
    if (status === 'ENDED') expect(t.state.endedOn).toBe(effectiveDate);
  });
});
