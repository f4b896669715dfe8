// P-2, M-2 schedules: what Temporal Schedules fire in production (the monthly clearing on each
// policy's start day at 00:00 Asia/Shanghai, the daily job at 00:30) and, where the time-skipping
// server has no Schedule API, the same jobs the simulation clock advance runs on its way.
import { dueJobs } from '../../api/services/simulatedSchedules';
import { scheduleOptions } from '../../api/services/schedules';
import { shanghaiMidnightEpochMs } from '../../domain/time';
import { loadTestPolicies } from '../support/policies';

const at = (date: string, minutes = 0) => shanghaiMidnightEpochMs(date) + minutes * 60_000;

describe('schedules', () => {
  it('P-2, M-2: one monthly clearing schedule per region policy on its start day, one daily job at 00:30, Asia/Shanghai', () => {
    const options = scheduleOptions({ TEMPORAL_TASK_QUEUE: 'q' }, loadTestPolicies());
    expect(options.map((o) => [o.scheduleId, JSON.stringify(o.spec.calendars), o.spec.timezone])).toEqual([
      ['q:daily-close', JSON.stringify([{ hour: 0, minute: 30 }]), 'Asia/Shanghai'],
      ['q:clearing-monthly-220000', JSON.stringify([{ dayOfMonth: 5, hour: 0, minute: 0 }]), 'Asia/Shanghai'],
      ['q:clearing-monthly-440800', JSON.stringify([{ dayOfMonth: 5, hour: 0, minute: 0 }]), 'Asia/Shanghai'],
    ]);
    expect(options[1].action).toMatchObject({ workflowType: 'clearingRunWorkflow', args: [{ policyRegion: '220000' }] });
  });

  it('P-2: the simulation clock runs the schedules due on its way, in order: the clearing of the month before on the 5th', () => {
    const jobs = dueJobs(at('2027-03-03', 9 * 60), at('2027-03-06', 12 * 60), [
      { policyRegion: '440800', startDay: 5 },
      { policyRegion: '220000', startDay: 5 },
    ]);
    expect(
      jobs.map((j) =>
        j.kind === 'DAILY'
          ? `${new Date(j.atMs).toISOString()} daily ${j.day}`
          : `${new Date(j.atMs).toISOString()} clearing ${j.period} ${j.policyRegion}`,
      ),
    ).toEqual([
      '2027-03-03T16:30:00.000Z daily 2027-03-03',
      '2027-03-04T16:00:00.000Z clearing 2027-02 440800',
      '2027-03-04T16:00:00.000Z clearing 2027-02 220000',
      '2027-03-04T16:30:00.000Z daily 2027-03-04',
      '2027-03-05T16:30:00.000Z daily 2027-03-05',
    ]);
    expect(dueJobs(at('2027-03-05'), at('2027-03-05'), [{ policyRegion: '440800', startDay: 5 }])).toEqual([]);
  });
});
