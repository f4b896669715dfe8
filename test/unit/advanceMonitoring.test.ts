// P-5 advance usage and its alert lines, one emergency top-up request per red crossing with its
// deadline, reminders and escalation, closed by a top-up; M-1 indicators and warnings with the
// section 9 thresholds.
import {
  alertOf,
  measured,
  nextAdvanceDeadline,
  onAdvanceDeadline,
  openAdvance,
  toppedUp,
  usagePercentOf,
  type AdvanceMeasure,
  type AdvanceState,
} from '../../domain/advance';
import { indicatorOf, warningsOf } from '../../domain/monitoring';
import { DEFAULT_CLEARING_POLICY } from '../../domain/policy/clearingPolicy';

const terms = { yellowPercent: 70, redPercent: 90, topUpDeadlineDays: 10, topUpReminderDaysBefore: [3, 1] };
const m = (outstandingFen: number, balanceFen = 1_000_000): AdvanceMeasure => {
  const usagePercent = usagePercentOf(outstandingFen, balanceFen);
  return {
    year: 2026,
    quotaFen: balanceFen,
    balanceFen,
    outstandingFen,
    usagePercent,
    alert: alertOf(usagePercent, terms),
    measuredAt: 'x',
  };
};

describe('advance usage (P-5)', () => {
  it('P-5: usage = outstanding / balance, rounded down to 2 decimals; yellow from 70%, red from 90%', () => {
    expect(usagePercentOf(699_999, 1_000_000)).toBe(69.99);
    expect(alertOf(69.99, terms)).toBe('NONE');
    expect(alertOf(70, terms)).toBe('YELLOW');
    expect(alertOf(89.99, terms)).toBe('YELLOW');
    expect(alertOf(90, terms)).toBe('RED');
    expect(usagePercentOf(0, 0)).toBe(0);
  });

  it('P-5: through 70% and 90% many times over, exactly one top-up request, closed by a top-up; a later crossing opens the next', () => {
    let s: AdvanceState = openAdvance('440800', '110000', 'ADV-440800-110000');
    const events: string[] = [];
    const effects: string[] = [];
    const step = (t: ReturnType<typeof measured>) => {
      s = t.state;
      if (t.event) events.push(t.event.type);
      effects.push(...t.effects.map((e) => e.type));
    };
    for (const out of [100_000, 700_000, 850_000, 900_000, 950_000, 990_000, 1_200_000]) step(measured(s, m(out), '2026-03-10', terms));
    expect(events).toEqual(['ALERT_YELLOW', 'TOP_UP_REQUESTED']);
    expect(effects).toEqual(['NOTIFY_TOP_UP_REQUEST']);
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]).toMatchObject({
      id: 'TOPUP-440800-110000-1',
      status: 'OPEN',
      dueDate: '2026-03-20',
      reminderDates: ['2026-03-17', '2026-03-19'],
    });
    // Dropping below red and crossing again while the request is still open starts no second one.
    step(measured(s, m(800_000), '2026-03-11', terms));
    step(measured(s, m(950_000), '2026-03-12', terms));
    expect(s.requests).toHaveLength(1);
    expect(s.redCrossings).toBe(2);
    // Deadline path: two reminders, then overdue and escalated to the province.
    const kinds: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const d = nextAdvanceDeadline(s)!;
      kinds.push(`${d.kind} ${d.date}`);
      const t = onAdvanceDeadline(s, d);
      s = t.state;
      effects.push(...t.effects.map((e) => (e.type === 'ESCALATE' ? `ESCALATE ${e.to}` : e.type)));
    }
    expect(kinds).toEqual(['REMINDER 2026-03-17', 'REMINDER 2026-03-19', 'DUE 2026-03-20']);
    expect(effects.slice(-3)).toEqual(['REMIND', 'REMIND', 'ESCALATE 440000']);
    expect(s.requests[0].status).toBe('OVERDUE');
    expect(nextAdvanceDeadline(s)).toBeNull();
    // A top-up closes it; the next red crossing (after usage fell) is a new request.
    s = toppedUp(s, { topUpId: 'ATU-1', amountFen: 500_000 }, '2026-03-22').state;
    expect(s.requests[0]).toMatchObject({
      status: 'TOPPED_UP',
      closedOn: '2026-03-22',
      closedByTopUp: { topUpId: 'ATU-1', amountFen: 500_000 },
    });
    step(measured(s, m(900_000, 1_500_000), '2026-03-22', terms));
    step(measured(s, m(1_400_000, 1_500_000), '2026-03-25', terms));
    expect(s.requests.map((r) => r.id)).toEqual(['TOPUP-440800-110000-2', 'TOPUP-440800-110000-1']);
  });
});

describe('monitoring indicators and warnings (M-1)', () => {
  const scope = { insuredRegion: '440800', treatmentRegion: '110000', hospitalId: 'H110000001' };
  const monitoring = DEFAULT_CLEARING_POLICY.monitoring; // growth 20%, deduction under 50% of local

  it('M-1: visits, totals, average cost, growth month over month and year over year, ratios against the local rate', () => {
    const ind = indicatorOf(
      scope,
      '2026-03',
      { visits: 4, totalFen: 4_800_000, fundFen: 2_880_000, disallowedFen: 24_000 },
      { visits: 2, totalFen: 2_000_000, fundFen: 1_200_000, disallowedFen: 0 },
      { visits: 5, totalFen: 6_000_000, fundFen: 3_000_000, disallowedFen: 0 },
      2,
    );
    expect(ind).toMatchObject({
      visits: 4,
      avgCostFen: 1_200_000, // 4,800,000 / 4
      avgCostGrowthPercent: 20, // (1,200,000 - 1,000,000) / 1,000,000
      yoyGrowthPercent: 0, // same average as 2025-03
      reimbursementPercent: 60, // 2,880,000 / 4,800,000
      deductionRatePercent: 0.5, // 24,000 / 4,800,000
      localDeductionRatePercent: 2,
    });
    // Growth exactly 20% does not cross "over 20%"; 0.5% deduction is under half of 2% (1%): one warning.
    expect(warningsOf(ind, { ...monitoring, localDeductionRatePercent: 2 }).map((w) => [w.kind, w.value, w.threshold])).toEqual([
      ['LOW_DEDUCTION_RATE', 0.5, 1],
    ]);
  });

  it('M-1: growth over 20% warns once per crossing: the warning id is kind, period and scope', () => {
    const ind = indicatorOf(
      scope,
      '2026-03',
      { visits: 1, totalFen: 1_300_000, fundFen: 0, disallowedFen: 30_000 },
      { visits: 1, totalFen: 1_000_000, fundFen: 0, disallowedFen: 0 },
      undefined,
      2.5,
    );
    const w = warningsOf(ind, { ...monitoring, localDeductionRatePercent: 2.5 });
    expect(w.map((x) => x.id)).toEqual(['WRN-AVG_COST_GROWTH_MOM-2026-03-440800-110000-H110000001']);
    expect(warningsOf(ind, { ...monitoring, localDeductionRatePercent: 2.5 })).toEqual(w);
    expect(ind.yoyGrowthPercent).toBeUndefined();
  });
});
