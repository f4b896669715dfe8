// The life of one inquiry case as pure transitions (I-1..I-5). The workflow owns the timers and
// side effects; these functions say what a deadline, an answer or a decision changes, which
// event it leaves in the timeline and which effects the workflow must carry out.
//
// Choices the rulebook leaves open, made here once:
//  - I-3 silence: an answer nobody confirms or disputes within the window is DEEMED CONFIRMED
//    (逾期未反馈视为确认), so a case never hangs on the insured side's inaction.
//  - I-3 escalation: a dispute opens a negotiation in which the treatment agency answers again
//    within the negotiation window; when that window passes without a new answer, or when the
//    insured region disputes the negotiated answer as well, the case goes to the provincial
//    agency (ESCALATED). An escalated case still accepts the (ruled) answer.
//  - I-5 timing: the recovery starts when the VERIFIED_ISSUE answer is confirmed (or deemed
//    confirmed), not when it is given: until then the finding is contestable.
//  - I-2 rollover: an unanswered request moves into the next period with the next 26th as its
//    deadline, is marked overdue and counted, and the treatment agency is reminded.
//  - I-4 forwarding: only the agency an issue collaboration is addressed to forwards it, while it
//    awaits an answer, each other agency once. The agency forwarded to may read and answer it; the
//    first receiver stays responsible: it still reads and answers it, reminders and escalation
//    still name it, and the deadline does not move. An expense inquiry is never forwarded.
import { DomainError } from '../errors/types';
import type { RegionCalendars } from '../workingDays';
import { compareDates, type IsoDate } from '../time';
import { confirmationDueDate, endOfDayInstantMs, issueCollaborationDeadlines, negotiationDueDate, startOfDayInstantMs } from './deadlines';
import { inquiryPeriodOf, nextPeriod, periodDueDate } from './periods';
import {
  ANSWERABLE_STATUSES,
  type ConfirmationDecision,
  type InquiryKind,
  type InquirySettlement,
  type InquiryState,
  type InquiryTerms,
  type ResponseInput,
} from './types';

export type InquiryDeadlineKind = 'REMINDER' | 'ANSWER_DUE' | 'CONFIRMATION_DUE' | 'NEGOTIATION_DUE';

export interface InquiryDeadline {
  kind: InquiryDeadlineKind;
  date: IsoDate;
  /** The instant the durable timer fires (T-4). */
  atMs: number;
}

export interface InquiryEvent {
  type: string;
  rule: string;
  data: Record<string, unknown>;
}

export type InquiryEffect =
  | { type: 'REMIND'; dueDate: IsoDate; note: string }
  | { type: 'ESCALATE'; reason: string }
  | { type: 'START_RECOVERY'; amountFen: number }
  /** I-4: tell the agency the case was forwarded to (the `forward`-th forward: its own message). */
  | { type: 'NOTIFY_FORWARD'; forward: number; toAgencyRegion: string; note: string };

export interface Transition {
  state: InquiryState;
  event: InquiryEvent;
  effects: InquiryEffect[];
}

export interface CaseRules {
  terms: InquiryTerms;
  /** T-3: the insured region's calendars (its clerk confirms or disputes, I-3). */
  calendars: RegionCalendars;
  /**
   * T-3: the treatment region's calendars (its agency answers, I-4, and negotiates, I-3). Cases
   * begun before each side counted on its own calendar have none: they use `calendars`.
   */
  treatmentCalendars?: RegionCalendars;
}

const answerCalendars = (rules: CaseRules): RegionCalendars => rules.treatmentCalendars ?? rules.calendars;

/**
 * T-3: the working-day deadlines the case has planned now, each with the calendars it was
 * counted on, for the workflow to check that every year crossed has a calendar.
 */
export function plannedWorkingDayDeadlines(state: InquiryState, rules: CaseRules): Array<{ date: IsoDate; calendars: RegionCalendars }> {
  const out: Array<{ date: IsoDate; calendars: RegionCalendars }> = [];
  if (state.status === 'AWAITING_RESPONSE' && state.kind === 'ISSUE_COLLABORATION')
    out.push({ date: state.dueDate, calendars: answerCalendars(rules) });
  if (state.confirmationDueDate) out.push({ date: state.confirmationDueDate, calendars: rules.calendars });
  if (state.negotiationDueDate) out.push({ date: state.negotiationDueDate, calendars: answerCalendars(rules) });
  return out;
}

export function openInquiry(
  input: { id: string; kind: InquiryKind; settlement: InquirySettlement; openedOn: IsoDate },
  rules: CaseRules,
): InquiryState {
  const { settlement, openedOn } = input;
  let period: string | null = null;
  let dueDate: IsoDate;
  let reminderDate: IsoDate | null = null;
  if (input.kind === 'EXPENSE_INQUIRY') {
    period = inquiryPeriodOf(openedOn);
    dueDate = periodDueDate(period);
  } else {
    ({ dueDate, reminderDate } = issueCollaborationDeadlines(openedOn, rules.terms, answerCalendars(rules)));
  }
  return {
    id: input.id,
    kind: input.kind,
    status: 'AWAITING_RESPONSE',
    insuredRegion: settlement.insuredRegion,
    treatmentRegion: settlement.treatmentRegion,
    settlementId: settlement.settlementId,
    settlementFundFen: settlement.fundFen,
    openedOn,
    period,
    dueDate,
    overdue: false,
    overdueCount: 0,
    reminderDate,
    remindersSent: 0,
    response: null,
    responses: [],
    confirmationDueDate: null,
    negotiationDueDate: null,
    confirmation: null,
    disputes: 0,
    escalations: 0,
    forwards: [],
    recoveryAmountFen: 0,
    closedOn: null,
  };
}

/** The next durable deadline of a case, or null when it only waits for people (or is over). */
export function nextInquiryDeadline(state: InquiryState): InquiryDeadline | null {
  const at = (kind: InquiryDeadlineKind, date: IsoDate, start = false): InquiryDeadline => ({
    kind,
    date,
    atMs: start ? startOfDayInstantMs(date) : endOfDayInstantMs(date),
  });
  switch (state.status) {
    case 'AWAITING_RESPONSE':
      if (state.reminderDate) return at('REMINDER', state.reminderDate, true);
      return at('ANSWER_DUE', state.dueDate);
    case 'AWAITING_CONFIRMATION':
      return state.confirmationDueDate ? at('CONFIRMATION_DUE', state.confirmationDueDate) : null;
    case 'NEGOTIATING':
      return state.negotiationDueDate ? at('NEGOTIATION_DUE', state.negotiationDueDate) : null;
    default:
      return null;
  }
}

/** What a deadline that passed does to the case. */
export function onDeadline(state: InquiryState, deadline: InquiryDeadline, rules: CaseRules): Transition {
  switch (deadline.kind) {
    case 'REMINDER': {
      const note = `answer due by ${state.dueDate}`;
      return {
        state: { ...state, reminderDate: null, remindersSent: state.remindersSent + 1 },
        event: { type: 'REMINDER_SENT', rule: 'I-4', data: { dueDate: state.dueDate } },
        effects: [{ type: 'REMIND', dueDate: state.dueDate, note }],
      };
    }
    case 'ANSWER_DUE': {
      if (state.kind === 'EXPENSE_INQUIRY') {
        const toPeriod = nextPeriod(state.period!);
        const dueDate = periodDueDate(toPeriod);
        const next = { ...state, period: toPeriod, dueDate, overdue: true, overdueCount: state.overdueCount + 1 };
        return {
          state: next,
          event: {
            type: 'ROLLED_OVER',
            rule: 'I-2',
            data: { fromPeriod: state.period, toPeriod, missedDueDate: state.dueDate, dueDate, overdueCount: next.overdueCount },
          },
          effects: [{ type: 'REMIND', dueDate, note: `overdue: rolled into period ${toPeriod}, answer due by ${dueDate}` }],
        };
      }
      const reason = `issue collaboration ${state.id} unanswered after its deadline ${state.dueDate}`;
      return {
        state: {
          ...state,
          status: 'ESCALATED',
          overdue: true,
          overdueCount: state.overdueCount + 1,
          escalations: state.escalations + 1,
          reminderDate: null,
        },
        event: { type: 'ESCALATED', rule: 'I-4', data: { missedDueDate: state.dueDate } },
        effects: [{ type: 'ESCALATE', reason }],
      };
    }
    case 'CONFIRMATION_DUE':
      return decide(
        state,
        'CONFIRM',
        `no decision within ${rules.terms.confirmationWorkingDays} working days: deemed confirmed`,
        deadline.date,
        rules,
        true,
      );
    case 'NEGOTIATION_DUE': {
      const reason = `inquiry ${state.id}: negotiation after dispute unresolved by ${state.negotiationDueDate}`;
      return {
        state: { ...state, status: 'ESCALATED', negotiationDueDate: null, escalations: state.escalations + 1 },
        event: { type: 'ESCALATED', rule: 'I-3', data: { missedNegotiationDate: state.negotiationDueDate } },
        effects: [{ type: 'ESCALATE', reason }],
      };
    }
  }
}

/** The answer rules (I-2): the case must await an answer and the amounts must fit the result. */
export function checkResponse(state: InquiryState, input: ResponseInput): void {
  if (!ANSWERABLE_STATUSES.includes(state.status)) {
    throw new DomainError('INQUIRY_NOT_AWAITING_RESPONSE', { inquiryId: state.id, status: state.status });
  }
  if (!Number.isInteger(input.disallowedFen) || input.disallowedFen < 0) {
    throw new DomainError('INQUIRY_DISALLOWED_AMOUNT_REQUIRED', { disallowedFen: input.disallowedFen });
  }
  if (input.result === 'VERIFIED_OK') {
    if (input.disallowedFen !== 0) throw new DomainError('INQUIRY_OK_WITH_DISALLOWED_AMOUNT', { disallowedFen: input.disallowedFen });
    return;
  }
  if (input.disallowedFen <= 0) throw new DomainError('INQUIRY_DISALLOWED_AMOUNT_REQUIRED', { disallowedFen: input.disallowedFen });
  if (input.disallowedFen > state.settlementFundFen) {
    throw new DomainError('INQUIRY_DISALLOWED_EXCEEDS_FUND', { disallowedFen: input.disallowedFen, fundFen: state.settlementFundFen });
  }
  if (input.reasons.length === 0) throw new DomainError('INQUIRY_REASONS_REQUIRED', {});
}

export function applyResponse(state: InquiryState, input: ResponseInput, today: IsoDate, rules: CaseRules): Transition {
  checkResponse(state, input);
  // Late: after the deadline this answer was due by (a rolled-over request already missed one).
  const late =
    state.status === 'ESCALATED' ||
    (state.status === 'NEGOTIATING'
      ? state.negotiationDueDate !== null && compareDates(today, state.negotiationDueDate) > 0
      : state.overdue || compareDates(today, state.dueDate) > 0);
  const response = { ...input, reasons: [...input.reasons], respondedOn: today, round: state.responses.length + 1, late };
  const confirmBy = confirmationDueDate(today, rules.terms, rules.calendars);
  return {
    state: {
      ...state,
      status: 'AWAITING_CONFIRMATION',
      response,
      responses: [...state.responses, response],
      reminderDate: null,
      negotiationDueDate: null,
      confirmationDueDate: confirmBy,
    },
    event: {
      type: 'RESPONDED',
      rule: state.kind === 'EXPENSE_INQUIRY' ? 'I-2' : 'I-4',
      data: {
        result: input.result,
        reasons: input.reasons,
        disallowedFen: input.disallowedFen,
        round: response.round,
        late,
        confirmationDueDate: confirmBy,
      },
    },
    effects: [],
  };
}

export function checkConfirmation(state: InquiryState): void {
  if (state.status !== 'AWAITING_CONFIRMATION') {
    throw new DomainError('INQUIRY_NOT_AWAITING_CONFIRMATION', { inquiryId: state.id, status: state.status });
  }
}

/** I-3 decision by the insured region (deemed = nobody decided within the window). */
export function decide(
  state: InquiryState,
  decision: ConfirmationDecision,
  note: string | null,
  today: IsoDate,
  rules: CaseRules,
  deemed = false,
): Transition {
  checkConfirmation(state);
  const confirmation = { decision, note, decidedOn: today, deemed };
  const response = state.response!;
  if (decision === 'CONFIRM') {
    const recoveryAmountFen = response.result === 'VERIFIED_ISSUE' ? response.disallowedFen : 0;
    return {
      state: { ...state, status: 'CONFIRMED', confirmation, confirmationDueDate: null, recoveryAmountFen, closedOn: today },
      event: {
        type: deemed ? 'CONFIRMATION_DEEMED' : 'CONFIRMED',
        rule: recoveryAmountFen > 0 ? 'I-3, I-5' : 'I-3',
        data: { result: response.result, recoveryAmountFen },
      },
      effects: recoveryAmountFen > 0 ? [{ type: 'START_RECOVERY', amountFen: recoveryAmountFen }] : [],
    };
  }
  const disputes = state.disputes + 1;
  if (state.disputes === 0) {
    const negotiateBy = negotiationDueDate(today, rules.terms, answerCalendars(rules));
    return {
      state: { ...state, status: 'NEGOTIATING', confirmation, confirmationDueDate: null, negotiationDueDate: negotiateBy, disputes },
      event: { type: 'DISPUTED', rule: 'I-3', data: { negotiationDueDate: negotiateBy } },
      effects: [],
    };
  }
  return {
    state: { ...state, status: 'ESCALATED', confirmation, confirmationDueDate: null, disputes, escalations: state.escalations + 1 },
    event: { type: 'DISPUTED', rule: 'I-3', data: { escalated: true } },
    effects: [{ type: 'ESCALATE', reason: `inquiry ${state.id}: the negotiated answer is disputed again${note ? `: ${note}` : ''}` }],
  };
}

/** I-4: the agencies a collaboration was forwarded to, in the order it was forwarded. */
export function forwardedAgencies(state: Pick<InquiryState, 'forwards'>): string[] {
  return (state.forwards ?? []).map((f) => f.toAgencyRegion);
}

/**
 * I-6 (with I-4): the agencies a case is addressed to: the treatment-region agency that received
 * it, and every agency it forwarded it to.
 */
export function isAddressedTo(state: Pick<InquiryState, 'treatmentRegion' | 'forwards'>, region: string | null | undefined): boolean {
  return !!region && (region === state.treatmentRegion || forwardedAgencies(state).includes(region));
}

/** I-6: only an agency the case is addressed to answers (I-4: the first receiver or one it forwarded to; an admin may act for them). */
export function checkResponder(state: InquiryState, actor: { role: string; region?: string | null }): void {
  if (actor.role === 'ADMIN') return;
  if (actor.role !== 'TREATMENT_AGENCY' || !isAddressedTo(state, actor.region)) {
    throw new DomainError('INQUIRY_NOT_ADDRESSED', { inquiryId: state.id, yourRegion: actor.region ?? null });
  }
}

export interface ForwardInput {
  toAgencyRegion: string;
  note: string;
}

/** I-4: only the agency the collaboration is addressed to (its first receiver) forwards it. */
export function checkForwarder(state: InquiryState, actor: { role: string; region?: string | null }): void {
  if (actor.role !== 'TREATMENT_AGENCY' || actor.region !== state.treatmentRegion) {
    throw new DomainError('INQUIRY_NOT_ADDRESSED', { inquiryId: state.id, yourRegion: actor.region ?? null, action: 'forward' });
  }
}

/** I-4: an issue collaboration still awaiting its answer, to another agency it was not yet forwarded to. */
export function checkForward(
  state: Pick<InquiryState, 'id' | 'kind' | 'status' | 'treatmentRegion' | 'forwards'>,
  input: ForwardInput,
): void {
  if (state.kind !== 'ISSUE_COLLABORATION')
    throw new DomainError('INQUIRY_FORWARD_NOT_COLLABORATION', { inquiryId: state.id, kind: state.kind });
  if (!ANSWERABLE_STATUSES.includes(state.status)) {
    throw new DomainError('INQUIRY_NOT_AWAITING_RESPONSE', { inquiryId: state.id, status: state.status });
  }
  if (!/^\d{6}$/.test(input.toAgencyRegion) || input.toAgencyRegion === state.treatmentRegion) {
    throw new DomainError('INQUIRY_FORWARD_TARGET_INVALID', { toAgencyRegion: input.toAgencyRegion, yourRegion: state.treatmentRegion });
  }
  if (forwardedAgencies(state).includes(input.toAgencyRegion)) {
    throw new DomainError('INQUIRY_ALREADY_FORWARDED', { inquiryId: state.id, toAgencyRegion: input.toAgencyRegion });
  }
}

/**
 * I-4 first responder: the case is handed to an agency that can answer. Nothing about the
 * deadline changes (due date, reminder, escalation stay the first receiver's); the agency forwarded
 * to is told through its own system.
 */
export function forwardInquiry(state: InquiryState, input: ForwardInput, today: IsoDate): Transition {
  checkForward(state, input);
  const forward = { toAgencyRegion: input.toAgencyRegion, fromAgencyRegion: state.treatmentRegion, note: input.note, forwardedOn: today };
  const forwards = [...(state.forwards ?? []), forward];
  return {
    state: { ...state, forwards },
    event: {
      type: 'FORWARDED',
      rule: 'I-4',
      data: { from: state.treatmentRegion, to: input.toAgencyRegion, note: input.note, dueDate: state.dueDate },
    },
    effects: [{ type: 'NOTIFY_FORWARD', forward: forwards.length, toAgencyRegion: input.toAgencyRegion, note: input.note }],
  };
}

/** I-3: only the insured region's clerk confirms or disputes (an admin may act for it). */
export function checkDecider(state: InquiryState, actor: { role: string; region?: string | null }): void {
  if (actor.role === 'ADMIN') return;
  if (actor.role !== 'INSURED_CLERK' || actor.region !== state.insuredRegion) {
    throw new DomainError('AUTH_FORBIDDEN_REGION', { yourRegion: actor.region ?? null, caseInsuredRegion: state.insuredRegion });
  }
}
