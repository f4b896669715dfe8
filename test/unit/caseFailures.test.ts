// M-2: the failures inside cases the daily error report counts, read from the cases' timelines.
import { caseFailuresIn } from '../../domain/monitoring';

const event = (action: string, details?: unknown) => ({
  eventId: `REC-1:${action}`,
  caseType: 'RECOVERY',
  caseId: 'REC-1',
  action,
  details,
});

describe('M-2 case failures from timeline events', () => {
  it.each([
    ['TRANSFER_REFUSED', { reason: 'account frozen' }, 'account frozen'],
    ['AGENCY_NOTICE_FAILED', { error: 'HTTP 503' }, 'HTTP 503'],
    ['RECONCILIATION_EXCEPTION', { problems: ['amount differs', 'leg missing'] }, 'amount differs; leg missing'],
    ['CALENDAR_MISSING', { missingYears: [2031] }, '{"missingYears":[2031]}'],
  ])('M-2: %s is a failure, its error read from the event', (action, details, error) => {
    expect(caseFailuresIn([event(action, details)], ['440800', '110000', '440800'])).toEqual([
      { failureId: `REC-1:${action}`, code: action, caseType: 'RECOVERY', caseId: 'REC-1', regions: ['440800', '110000'], error },
    ]);
  });

  it('M-2: steps that went well are not failures', () => {
    expect(caseFailuresIn([event('COLLECTED'), event('ESCALATED'), event('TRANSFERRED')], ['440800'])).toEqual([]);
  });
});
