// The advance of one pair as pure transitions (P-1, P-5): each measurement moves the alert level;
// a crossing into red starts one emergency top-up request (a case with a deadline and reminders,
// escalated when overdue) unless one is still open, and a top-up closes it. Measurements come
// from the records (derived), so concurrent settlements never make a wrong figure here.
import { provincialAgencyOf } from '../inquiry/deadlines';
import { addDays, deadlineInstantMs, shanghaiMidnightEpochMs, type IsoDate } from '../time';
import { reminderDates } from '../clearing/periods';
import { topUpRequestIdOf } from './usage';
import type { AdvanceMeasure, AdvanceState, AdvanceTerms, TopUpRequest } from './types';

export interface AdvanceEvent {
  type: string;
  rule: string;
  data?: Record<string, unknown>;
  note?: string;
}

export type AdvanceEffect =
  | { type: 'NOTIFY_TOP_UP_REQUEST'; requestId: string; to: string; dueDate: IsoDate; usagePercent: number }
  | { type: 'REMIND'; requestId: string; reminder: number; to: string; dueDate: IsoDate }
  | { type: 'ESCALATE'; requestId: string; escalation: number; to: string; reason: string };

export interface AdvanceTransition {
  state: AdvanceState;
  event: AdvanceEvent | null;
  effects: AdvanceEffect[];
}

export interface AdvanceDeadline {
  kind: 'REMINDER' | 'DUE';
  requestId: string;
  date: IsoDate;
  atMs: number;
}

const KEPT_REQUESTS = 20;

export function openAdvance(insuredRegion: string, treatmentRegion: string, id: string): AdvanceState {
  return { id, insuredRegion, treatmentRegion, alert: 'NONE', lastMeasure: null, redCrossings: 0, requests: [] };
}

export const openRequestOf = (state: AdvanceState): TopUpRequest | undefined => state.requests.find((r) => r.status !== 'TOPPED_UP');

/** P-5: a new measurement; only a change of alert level is news. */
export function measured(state: AdvanceState, m: AdvanceMeasure, today: IsoDate, terms: AdvanceTerms): AdvanceTransition {
  const before = state.alert;
  const next: AdvanceState = { ...state, alert: m.alert, lastMeasure: { ...m } };
  if (m.alert === before) return { state: next, event: null, effects: [] };
  const data = { from: before, to: m.alert, usagePercent: m.usagePercent, outstandingFen: m.outstandingFen, balanceFen: m.balanceFen };
  if (m.alert !== 'RED') return { state: next, event: { type: `ALERT_${m.alert}`, rule: 'P-5', data }, effects: [] };
  // A red crossing: one request, unless the one of an earlier crossing is still open.
  const redCrossings = state.redCrossings + 1;
  if (openRequestOf(state)) {
    return {
      state: { ...next, redCrossings },
      event: { type: 'ALERT_RED', rule: 'P-5', data: { ...data, requestStillOpen: openRequestOf(state)!.id } },
      effects: [],
    };
  }
  const seq = state.requests.reduce((n, r) => Math.max(n, r.seq), 0) + 1;
  const dueDate = addDays(today, terms.topUpDeadlineDays);
  const request: TopUpRequest = {
    id: topUpRequestIdOf(state.insuredRegion, state.treatmentRegion, seq),
    seq,
    status: 'OPEN',
    openedOn: today,
    usagePercentAtCrossing: m.usagePercent,
    dueDate,
    reminderDates: reminderDates(dueDate, terms.topUpReminderDaysBefore, addDays(today, 1)),
    remindersSent: 0,
    escalations: 0,
    closedOn: null,
    closedByTopUp: null,
  };
  return {
    state: { ...next, redCrossings, requests: [request, ...state.requests].slice(0, KEPT_REQUESTS) },
    event: { type: 'TOP_UP_REQUESTED', rule: 'P-5', data: { ...data, requestId: request.id, dueDate } },
    effects: [{ type: 'NOTIFY_TOP_UP_REQUEST', requestId: request.id, to: state.insuredRegion, dueDate, usagePercent: m.usagePercent }],
  };
}

const withRequest = (state: AdvanceState, id: string, change: (r: TopUpRequest) => TopUpRequest): AdvanceState => ({
  ...state,
  requests: state.requests.map((r) => (r.id === id ? change(r) : r)),
});

/** P-5: a top-up of the pair closes the open request (the top-up itself is booked by the API). */
export function toppedUp(state: AdvanceState, t: { topUpId: string; amountFen: number }, today: IsoDate): AdvanceTransition {
  const open = openRequestOf(state);
  if (!open) return { state, event: { type: 'TOPPED_UP', rule: 'P-1', data: { ...t } }, effects: [] };
  return {
    state: withRequest(state, open.id, (r) => ({ ...r, status: 'TOPPED_UP', closedOn: today, closedByTopUp: { ...t } })),
    event: { type: 'TOP_UP_REQUEST_CLOSED', rule: 'P-5', data: { requestId: open.id, ...t } },
    effects: [],
  };
}

/** The open request's next reminder, or its due day while it is not overdue. */
export function nextAdvanceDeadline(state: AdvanceState): AdvanceDeadline | null {
  const open = openRequestOf(state);
  if (!open || open.status !== 'OPEN') return null;
  const reminder = open.reminderDates[open.remindersSent];
  if (reminder) return { kind: 'REMINDER', requestId: open.id, date: reminder, atMs: shanghaiMidnightEpochMs(reminder) };
  return { kind: 'DUE', requestId: open.id, date: open.dueDate, atMs: deadlineInstantMs(open.dueDate) };
}

export function onAdvanceDeadline(state: AdvanceState, d: AdvanceDeadline): AdvanceTransition {
  const open = openRequestOf(state);
  if (!open || open.id !== d.requestId) return { state, event: null, effects: [] };
  if (d.kind === 'REMINDER') {
    const reminder = open.remindersSent + 1;
    return {
      state: withRequest(state, open.id, (r) => ({ ...r, remindersSent: reminder })),
      event: null,
      effects: [{ type: 'REMIND', requestId: open.id, reminder, to: state.insuredRegion, dueDate: open.dueDate }],
    };
  }
  const escalation = open.escalations + 1;
  return {
    state: withRequest(state, open.id, (r) => ({
      ...r,
      status: 'OVERDUE',
      escalations: escalation,
      remindersSent: r.reminderDates.length,
    })),
    event: { type: 'TOP_UP_REQUEST_OVERDUE', rule: 'P-5', data: { requestId: open.id, dueDate: open.dueDate } },
    effects: [
      {
        type: 'ESCALATE',
        requestId: open.id,
        escalation,
        to: provincialAgencyOf(state.insuredRegion),
        reason: `advance ${state.id}: emergency top-up ${open.id} not made by ${open.dueDate}`,
      },
    ],
  };
}

export function advanceEffectOutcome(effect: AdvanceEffect, error?: string): AdvanceEvent {
  const ok = error === undefined;
  switch (effect.type) {
    case 'NOTIFY_TOP_UP_REQUEST':
      return ok
        ? { type: 'TOP_UP_REQUEST_SENT', rule: 'P-5', data: { requestId: effect.requestId, to: effect.to } }
        : { type: 'TOP_UP_REQUEST_NOTICE_FAILED', rule: 'P-5', data: { requestId: effect.requestId, error } };
    case 'REMIND':
      return ok
        ? { type: 'TOP_UP_REMINDED', rule: 'P-5', data: { requestId: effect.requestId, reminder: effect.reminder } }
        : { type: 'TOP_UP_REMINDER_FAILED', rule: 'P-5', data: { requestId: effect.requestId, error } };
    case 'ESCALATE':
      return ok
        ? { type: 'ESCALATED', rule: 'P-5', data: { requestId: effect.requestId, to: effect.to } }
        : { type: 'ESCALATION_FAILED', rule: 'P-5', data: { requestId: effect.requestId, to: effect.to, error } };
  }
}
