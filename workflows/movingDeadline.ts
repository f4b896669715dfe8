// A deadline that update and signal handlers can move (T-4), written once for every case
// workflow (after the updatable-timer sample of temporalio/samples-typescript). The main loop
// sleeps on one durable timer to the next deadline; a handler that changed the case calls
// moved(), which wakes the loop so it re-plans its timer from the new state.
import { condition } from '@temporalio/workflow';

export type Wake = 'FIRED' | 'MOVED';

export interface MovingDeadline {
  /** Handlers call this after changing the case: the sleeping loop wakes and re-plans. */
  moved(): void;
  /**
   * Sleeps until `atMs` (epoch ms, a durable timer) or until moved() is called, whichever is
   * first. `null` waits for a move only (the case waits for people). A move that lands in the
   * same activation as the timer wins: the loop must look at the changed case first.
   */
  sleepUntil(atMs: number | null): Promise<Wake>;
}

export function createMovingDeadline(): MovingDeadline {
  let moves = 0;
  return {
    moved() {
      moves += 1;
    },
    async sleepUntil(atMs) {
      const seen = moves;
      if (atMs === null) {
        await condition(() => moves !== seen);
        return 'MOVED';
      }
      const movedFirst = await condition(() => moves !== seen, Math.max(1, atMs - Date.now()));
      return movedFirst || moves !== seen ? 'MOVED' : 'FIRED';
    },
  };
}
