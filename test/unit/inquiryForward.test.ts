// I-4 first responder as pure rules: the agency an issue collaboration is addressed to forwards it
// to an agency that can answer; that agency may then answer (I-6), the first receiver stays
// responsible and still answers, and the deadline, reminder and escalation do not move.
import national2026 from '../../policies/national/holidays/2026.json';
import { DomainError } from '../../domain/errors/types';
import { parseHolidayCalendar } from '../../domain/policy/calendar';
import {
  applyResponse,
  checkForward,
  checkForwarder,
  checkResponder,
  forwardInquiry,
  forwardedAgencies,
  isAddressedTo,
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
const agency = (region: string) => ({ role: 'TREATMENT_AGENCY', region });
const collaboration = (): InquiryState =>
  openInquiry({ id: 'INQ-F', kind: 'ISSUE_COLLABORATION', settlement, openedOn: '2026-09-24' }, rules);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  throw new Error('expected a DomainError');
}

describe('I-4 forwarding an issue collaboration', () => {
  it('I-4: a forward records who handed it to whom, tells the new agency, and moves no deadline', () => {
    const before = collaboration();
    const t = forwardInquiry(before, { toAgencyRegion: '310000', note: '患者在上海复诊，请上海经办机构核实' }, '2026-09-25');
    expect(t.state.forwards).toEqual([
      { toAgencyRegion: '310000', fromAgencyRegion: '110000', note: '患者在上海复诊，请上海经办机构核实', forwardedOn: '2026-09-25' },
    ]);
    expect(t.event).toEqual({
      type: 'FORWARDED',
      rule: 'I-4',
      data: { from: '110000', to: '310000', note: '患者在上海复诊，请上海经办机构核实', dueDate: before.dueDate },
    });
    expect(t.effects).toEqual([
      { type: 'NOTIFY_FORWARD', forward: 1, toAgencyRegion: '310000', note: '患者在上海复诊，请上海经办机构核实' },
    ]);
    // The first receiver stays responsible: same due date, same reminder, same next deadline.
    expect(t.state).toMatchObject({
      status: 'AWAITING_RESPONSE',
      treatmentRegion: '110000',
      dueDate: before.dueDate,
      reminderDate: before.reminderDate,
    });
    expect(nextInquiryDeadline(t.state)).toEqual(nextInquiryDeadline(before));
    // ...and the deadline passing still escalates the case as the first receiver's.
    const reminded = onDeadline(t.state, nextInquiryDeadline(t.state)!, rules).state;
    expect(onDeadline(reminded, nextInquiryDeadline(reminded)!, rules).state).toMatchObject({
      status: 'ESCALATED',
      forwards: t.state.forwards,
    });
  });

  it('I-4: each further agency gets its own numbered notice; the same agency twice is refused', () => {
    const once = forwardInquiry(collaboration(), { toAgencyRegion: '310000', note: 'a' }, '2026-09-25').state;
    const twice = forwardInquiry(once, { toAgencyRegion: '440800', note: 'b' }, '2026-09-26');
    expect(twice.effects).toEqual([{ type: 'NOTIFY_FORWARD', forward: 2, toAgencyRegion: '440800', note: 'b' }]);
    expect(forwardedAgencies(twice.state)).toEqual(['310000', '440800']);
    expect(codeOf(() => forwardInquiry(twice.state, { toAgencyRegion: '310000', note: 'c' }, '2026-09-27'))).toBe(
      'INQUIRY_ALREADY_FORWARDED',
    );
  });

  it.each([
    [
      'I-4: an expense inquiry is not forwarded',
      () => openInquiry({ id: 'INQ-E', kind: 'EXPENSE_INQUIRY', settlement, openedOn: '2026-09-24' }, rules),
      '310000',
      'INQUIRY_FORWARD_NOT_COLLABORATION',
    ],
    ['I-4: not to the agency itself', collaboration, '110000', 'INQUIRY_FORWARD_TARGET_INVALID'],
    ['I-4: not to something that is no region code', collaboration, '31000', 'INQUIRY_FORWARD_TARGET_INVALID'],
    [
      'I-4: not once it was answered',
      () => applyResponse(collaboration(), { result: 'VERIFIED_OK', reasons: [], disallowedFen: 0 }, '2026-09-25', rules).state,
      '310000',
      'INQUIRY_NOT_AWAITING_RESPONSE',
    ],
  ] as const)('%s', (_title, state, to, code) => {
    expect(codeOf(() => checkForward(state(), { toAgencyRegion: to, note: 'x' }))).toBe(code);
  });

  it('I-4: only the agency the case is addressed to forwards it (not an agency it was forwarded to, not a clerk)', () => {
    const forwarded = forwardInquiry(collaboration(), { toAgencyRegion: '310000', note: 'a' }, '2026-09-25').state;
    expect(() => checkForwarder(forwarded, agency('110000'))).not.toThrow();
    expect(codeOf(() => checkForwarder(forwarded, agency('310000')))).toBe('INQUIRY_NOT_ADDRESSED');
    expect(codeOf(() => checkForwarder(forwarded, { role: 'INSURED_CLERK', region: '110000' }))).toBe('INQUIRY_NOT_ADDRESSED');
  });

  it('I-6, I-4: the agency forwarded to may answer, the first receiver still may, others may not', () => {
    const forwarded = forwardInquiry(collaboration(), { toAgencyRegion: '310000', note: 'a' }, '2026-09-25').state;
    expect(isAddressedTo(forwarded, '310000')).toBe(true);
    expect(isAddressedTo(forwarded, '110000')).toBe(true);
    expect(isAddressedTo(forwarded, '440800')).toBe(false);
    expect(() => checkResponder(forwarded, agency('310000'))).not.toThrow();
    expect(() => checkResponder(forwarded, agency('110000'))).not.toThrow();
    expect(codeOf(() => checkResponder(forwarded, agency('440800')))).toBe('INQUIRY_NOT_ADDRESSED');
    expect(codeOf(() => checkResponder(collaboration(), agency('310000')))).toBe('INQUIRY_NOT_ADDRESSED');
  });

  it('I-6: a case begun before forwarding existed (no forwards field) is addressed to its treatment region only', () => {
    const { forwards: _none, ...legacy } = collaboration();
    expect(forwardedAgencies(legacy as InquiryState)).toEqual([]);
    expect(isAddressedTo(legacy, '110000')).toBe(true);
    expect(forwardInquiry(legacy, { toAgencyRegion: '310000', note: 'a' }, '2026-09-25').state.forwards).toHaveLength(1);
  });
});
