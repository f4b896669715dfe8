import national2026 from '../../policies/national/holidays/2026.json';
import settlement220000 from '../../policies/220000/settlement.json';
import { DomainError } from '../../domain/errors/types';
import { parseHolidayCalendar } from '../../domain/policy/calendar';
import { policyVersionOn } from '../../domain/policy/settlementPolicy';
import { parseSettlementPolicy } from '../../domain/policy/settlementPolicyFile';
import {
  applyResponse,
  checkDecider,
  checkResponder,
  classifyInquiry,
  decide,
  nextInquiryDeadline,
  onDeadline,
  openInquiry,
  type CaseRules,
  type InquirySettlement,
  type InquiryState,
} from '../../domain/inquiry';

const rules: CaseRules = {
  terms: {
    answerWorkingDays: 10,
    reminderWorkingDaysBefore: 2,
    confirmationWorkingDays: 5,
    negotiationWorkingDays: 10,
    debtorDeadlineDays: 30,
  },
  calendars: [parseHolidayCalendar(national2026, 'national/2026')],
};

const settlement: InquirySettlement = {
  settlementId: 'SET-1',
  insuredRegion: '220000',
  treatmentRegion: '110000',
  hospitalId: 'H110000001',
  scheme: 'EMPLOYEE',
  visitType: 'INPATIENT',
  admissionDate: '2026-01-05',
  totalFen: 3_500_000,
  fundFen: 2_800_000,
};

function expenseCase(openedOn = '2026-03-10'): InquiryState {
  return openInquiry({ id: 'INQ-1', kind: 'EXPENSE_INQUIRY', settlement, openedOn }, rules);
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  throw new Error('expected a DomainError');
}

describe('I-1 classification by the insured region policy', () => {
  const threshold = policyVersionOn(parseSettlementPolicy(settlement220000), '2026-01-05').inquiry;

  it('I-1: 220000 inpatient bill over 30,000 yuan that looks non-compliant -> expense inquiry', () => {
    expect(classifyInquiry(threshold, { visitType: 'INPATIENT', totalFen: 3_000_001 }, true).kind).toBe('EXPENSE_INQUIRY');
  });

  it('I-1: exactly 30,000 yuan is not "over" the threshold -> issue collaboration', () => {
    const c = classifyInquiry(threshold, { visitType: 'INPATIENT', totalFen: 3_000_000 }, true);
    expect(c.kind).toBe('ISSUE_COLLABORATION');
    expect(c.because).toMatchObject({ overThreshold: false, thresholdFen: 3_000_000, comparison: 'GREATER_THAN' });
  });

  it('I-1: no suspected violation, or an outpatient bill -> issue collaboration', () => {
    expect(classifyInquiry(threshold, { visitType: 'INPATIENT', totalFen: 9_000_000 }, false).kind).toBe('ISSUE_COLLABORATION');
    expect(classifyInquiry(threshold, { visitType: 'OUTPATIENT', totalFen: 9_000_000 }, true).kind).toBe('ISSUE_COLLABORATION');
  });

  it('I-1: the comparison is policy data (GREATER_OR_EQUAL includes the threshold)', () => {
    expect(
      classifyInquiry({ ...threshold, comparison: 'GREATER_OR_EQUAL' }, { visitType: 'INPATIENT', totalFen: 3_000_000 }, true).kind,
    ).toBe('EXPENSE_INQUIRY');
  });
});

describe('I-2 expense inquiry lifecycle', () => {
  it('I-2: opens in the period of its opening day with the 26th of the next month as deadline', () => {
    const s = expenseCase('2026-03-27');
    expect(s).toMatchObject({ status: 'AWAITING_RESPONSE', period: '2026-04', dueDate: '2026-05-26', overdue: false, overdueCount: 0 });
    expect(nextInquiryDeadline(s)).toMatchObject({ kind: 'ANSWER_DUE', date: '2026-05-26' });
  });

  it('I-2: unanswered, it rolls into the next period twice, counted overdue, with a reminder each time', () => {
    let s = expenseCase('2026-03-10');
    const first = onDeadline(s, nextInquiryDeadline(s)!, rules);
    expect(first.event).toMatchObject({ type: 'ROLLED_OVER', rule: 'I-2', data: { fromPeriod: '2026-03', toPeriod: '2026-04' } });
    expect(first.effects).toEqual([expect.objectContaining({ type: 'REMIND', dueDate: '2026-05-26' })]);
    s = first.state;
    s = onDeadline(s, nextInquiryDeadline(s)!, rules).state;
    expect(s).toMatchObject({ status: 'AWAITING_RESPONSE', period: '2026-05', dueDate: '2026-06-26', overdue: true, overdueCount: 2 });
    // Answered before the new deadline, it is still a late answer: it missed two.
    expect(applyResponse(s, { result: 'VERIFIED_OK', reasons: [], disallowedFen: 0 }, '2026-06-01', rules).state.response?.late).toBe(true);
  });

  it('I-2: VERIFIED_ISSUE needs 0 < disallowedFen <= what the fund paid, and reasons', () => {
    const s = expenseCase();
    expect(codeOf(() => applyResponse(s, { result: 'VERIFIED_ISSUE', reasons: ['x'], disallowedFen: 0 }, '2026-03-12', rules))).toBe(
      'INQUIRY_DISALLOWED_AMOUNT_REQUIRED',
    );
    expect(
      codeOf(() => applyResponse(s, { result: 'VERIFIED_ISSUE', reasons: ['x'], disallowedFen: 2_800_001 }, '2026-03-12', rules)),
    ).toBe('INQUIRY_DISALLOWED_EXCEEDS_FUND');
    expect(codeOf(() => applyResponse(s, { result: 'VERIFIED_ISSUE', reasons: [], disallowedFen: 100 }, '2026-03-12', rules))).toBe(
      'INQUIRY_REASONS_REQUIRED',
    );
    expect(codeOf(() => applyResponse(s, { result: 'VERIFIED_OK', reasons: [], disallowedFen: 5 }, '2026-03-12', rules))).toBe(
      'INQUIRY_OK_WITH_DISALLOWED_AMOUNT',
    );
  });

  it('I-2, I-3: an answer opens a 5-working-day confirmation window (holiday calendar)', () => {
    const t = applyResponse(
      expenseCase('2026-09-20'),
      { result: 'VERIFIED_ISSUE', reasons: ['重复收费'], disallowedFen: 120_000 },
      '2026-09-30',
      rules,
    );
    expect(t.state).toMatchObject({ status: 'AWAITING_CONFIRMATION', confirmationDueDate: '2026-10-13' });
    expect(t.state.response).toMatchObject({ round: 1, late: false, disallowedFen: 120_000 });
    expect(codeOf(() => applyResponse(t.state, { result: 'VERIFIED_OK', reasons: [], disallowedFen: 0 }, '2026-09-30', rules))).toBe(
      'INQUIRY_NOT_AWAITING_RESPONSE',
    );
    // After the 26th of the next month the same answer is late.
    expect(
      applyResponse(expenseCase('2026-08-20'), { result: 'VERIFIED_OK', reasons: [], disallowedFen: 0 }, '2026-09-30', rules).state.response
        ?.late,
    ).toBe(true);
  });

  it('I-3, I-5: confirming a VERIFIED_ISSUE asks for a recovery of exactly the disallowed amount', () => {
    const answered = applyResponse(
      expenseCase(),
      { result: 'VERIFIED_ISSUE', reasons: ['超标准收费'], disallowedFen: 120_000 },
      '2026-03-12',
      rules,
    ).state;
    const t = decide(answered, 'CONFIRM', null, '2026-03-13', rules);
    expect(t.state).toMatchObject({ status: 'CONFIRMED', recoveryAmountFen: 120_000, closedOn: '2026-03-13' });
    expect(t.effects).toEqual([{ type: 'START_RECOVERY', amountFen: 120_000 }]);
  });

  it('I-3: confirming VERIFIED_OK closes the case without a recovery', () => {
    const answered = applyResponse(expenseCase(), { result: 'VERIFIED_OK', reasons: [], disallowedFen: 0 }, '2026-03-12', rules).state;
    expect(decide(answered, 'CONFIRM', null, '2026-03-13', rules).effects).toEqual([]);
  });

  it('I-3: silence past the window is a deemed confirmation (and still starts the I-5 recovery)', () => {
    const answered = applyResponse(
      expenseCase(),
      { result: 'VERIFIED_ISSUE', reasons: ['x'], disallowedFen: 500 },
      '2026-09-30',
      rules,
    ).state;
    const deadline = nextInquiryDeadline(answered)!;
    expect(deadline).toMatchObject({ kind: 'CONFIRMATION_DUE', date: '2026-10-13' });
    const t = onDeadline(answered, deadline, rules);
    expect(t.event.type).toBe('CONFIRMATION_DEEMED');
    expect(t.state.confirmation).toMatchObject({ decision: 'CONFIRM', deemed: true });
    expect(t.effects).toEqual([{ type: 'START_RECOVERY', amountFen: 500 }]);
  });

  it('I-3: a dispute negotiates; past the negotiation window the case escalates to the province', () => {
    const answered = applyResponse(expenseCase(), { result: 'VERIFIED_OK', reasons: [], disallowedFen: 0 }, '2026-09-30', rules).state;
    const disputed = decide(answered, 'DISPUTE', '金额有误', '2026-09-30', rules).state;
    expect(disputed).toMatchObject({ status: 'NEGOTIATING', negotiationDueDate: '2026-10-20', disputes: 1 });
    const t = onDeadline(disputed, nextInquiryDeadline(disputed)!, rules);
    expect(t.state.status).toBe('ESCALATED');
    expect(t.effects).toEqual([expect.objectContaining({ type: 'ESCALATE' })]);
    // An escalated case still takes the (ruled) answer, marked late.
    const ruled = applyResponse(
      t.state,
      { result: 'VERIFIED_ISSUE', reasons: ['省级裁定'], disallowedFen: 800 },
      '2026-10-25',
      rules,
    ).state;
    expect(ruled.response).toMatchObject({ round: 2, late: true });
  });

  it('I-3: disputing the negotiated answer again escalates at once', () => {
    let s = applyResponse(expenseCase(), { result: 'VERIFIED_OK', reasons: [], disallowedFen: 0 }, '2026-03-12', rules).state;
    s = decide(s, 'DISPUTE', null, '2026-03-12', rules).state;
    s = applyResponse(s, { result: 'VERIFIED_OK', reasons: [], disallowedFen: 0 }, '2026-03-16', rules).state;
    const t = decide(s, 'DISPUTE', 'still wrong', '2026-03-17', rules);
    expect(t.state.status).toBe('ESCALATED');
    expect(t.effects).toEqual([expect.objectContaining({ type: 'ESCALATE' })]);
  });
});

describe('I-4 issue collaboration lifecycle', () => {
  const open = () => openInquiry({ id: 'INQ-2', kind: 'ISSUE_COLLABORATION', settlement, openedOn: '2026-09-24' }, rules);

  it('I-4: the reminder comes first, then the answer deadline escalates', () => {
    let s = open();
    expect(s.period).toBeNull();
    const reminder = nextInquiryDeadline(s)!;
    expect(reminder).toMatchObject({ kind: 'REMINDER', date: '2026-10-13' });
    const reminded = onDeadline(s, reminder, rules);
    expect(reminded.effects).toEqual([expect.objectContaining({ type: 'REMIND', dueDate: '2026-10-15' })]);
    s = reminded.state;
    const due = nextInquiryDeadline(s)!;
    expect(due).toMatchObject({ kind: 'ANSWER_DUE', date: '2026-10-15' });
    const escalated = onDeadline(s, due, rules);
    expect(escalated.state).toMatchObject({ status: 'ESCALATED', overdue: true });
    expect(escalated.effects).toEqual([expect.objectContaining({ type: 'ESCALATE' })]);
    expect(nextInquiryDeadline(escalated.state)).toBeNull();
  });

  it('I-4: the reminder fires at the start of its day, the deadline at the end of the due day (T-1)', () => {
    const s = open();
    expect(new Date(nextInquiryDeadline(s)!.atMs).toISOString()).toBe('2026-10-12T16:00:00.000Z');
  });
});

describe('I-6 who may answer and decide', () => {
  const s = expenseCase();
  it('I-6: only the addressed treatment-region agency answers', () => {
    expect(() => checkResponder(s, { role: 'TREATMENT_AGENCY', region: '110000' })).not.toThrow();
    expect(codeOf(() => checkResponder(s, { role: 'TREATMENT_AGENCY', region: '310000' }))).toBe('INQUIRY_NOT_ADDRESSED');
    expect(codeOf(() => checkResponder(s, { role: 'INSURED_CLERK', region: '110000' }))).toBe('INQUIRY_NOT_ADDRESSED');
  });
  it('I-3: only the insured region clerk confirms', () => {
    expect(() => checkDecider(s, { role: 'INSURED_CLERK', region: '220000' })).not.toThrow();
    expect(codeOf(() => checkDecider(s, { role: 'INSURED_CLERK', region: '440800' }))).toBe('AUTH_FORBIDDEN_REGION');
  });
});
