// Jest globalTeardown of the `stack` project: runs the books check on every database the run
// left behind (S-5, S-8, RC-4: a difference fails the run), then stops what globalSetup started
// and removes the run's data dir (kept with KEEP_TEST_DATA=1).
import { checkBooksOfRun } from './booksAtTheEnd';
import { teardownTestStack } from './globalSetup';
import { getStackState, setStackState } from './state';

export default async function globalTeardown(): Promise<void> {
  const state = getStackState();
  setStackState(undefined);
  let books: Awaited<ReturnType<typeof checkBooksOfRun>> | undefined;
  try {
    if (process.env.MONGODB_URI) books = await checkBooksOfRun(process.env.MONGODB_URI);
  } finally {
    await teardownTestStack(state);
  }
  if (books && books.differences.length) {
    throw new Error(`books do not balance in ${books.databases} test database(s):\n  ${books.differences.slice(0, 20).join('\n  ')}`);
  }
  if (books) process.stdout.write(`[test-stack] books balance in all ${books.databases} test databases\n`);
}
