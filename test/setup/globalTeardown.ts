// Jest globalTeardown of the `stack` project: stops what globalSetup started and removes the
// run's data dir (kept with KEEP_TEST_DATA=1).
import { teardownTestStack } from './globalSetup';
import { getStackState, setStackState } from './state';

export default async function globalTeardown(): Promise<void> {
  const state = getStackState();
  setStackState(undefined);
  await teardownTestStack(state);
}
