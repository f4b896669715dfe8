// "Today" for rules the API checks before a workflow exists (application date, admission
// checks). In simulation mode it follows the time-skipping server, so dates advanced through
// POST /api/v1/dev/clock/advance are the dates the API sees too.
import type { Client } from '@temporalio/client';

export interface Clock {
  nowMs(): Promise<number>;
  /** Simulation only: move the server's clock forward. */
  advance?(ms: number): Promise<number>;
}

export const systemClock: Clock = {
  async nowMs() {
    return Date.now();
  },
};

/** The Java test server's clock, read and moved through its TestService (time skipping). */
export function timeSkippingClock(client: Client): Clock {
  const testService = (
    client.connection as unknown as {
      testService: {
        getCurrentTime(req: object): Promise<{ time?: { seconds?: { toNumber(): number } | number; nanos?: number } }>;
        unlockTimeSkippingWithSleep(req: { duration: { seconds: number; nanos: number } }): Promise<unknown>;
      };
    }
  ).testService;
  const nowMs = async () => {
    const { time } = await testService.getCurrentTime({});
    const seconds = typeof time?.seconds === 'number' ? time.seconds : (time?.seconds?.toNumber() ?? 0);
    return seconds * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);
  };
  return {
    nowMs,
    async advance(ms) {
      await testService.unlockTimeSkippingWithSleep({
        duration: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 },
      });
      return nowMs();
    },
  };
}
