// S-5 accumulator store against the real FerretDB of the stack: concurrent bills never spend
// the same cap room twice, and a retried settlement counts once. Several AccumulatorStore
// instances stand in for several API processes (each has its own in-process queue, so only
// the conditional update keeps them apart).
import mongoose from 'mongoose';
import { withDatabase } from '../../scripts/servers/ferret';
import { AccumulatorStore, type AccumulatorSnapshot } from '../../api/services/accumulators';
import type { AccumulatorKey } from '../../domain/settlement';
import { accumulatorModel } from '../../models/accumulator';
import { uniqueName } from '../setup/stackEnv';

const CAP_FEN = 300_000;

let db: mongoose.Connection;
let keySeq = 0;

beforeAll(async () => {
  db = await mongoose.createConnection(withDatabase(process.env.MONGODB_URI!, uniqueName('acc').slice(0, 63))).asPromise();
  await accumulatorModel(db).init();
});

afterAll(async () => {
  await db.dropDatabase().catch(() => undefined);
  await db.close();
});

function freshKey(): AccumulatorKey {
  keySeq += 1;
  return { personId: `P${process.pid}-${keySeq}`, scheme: 'EMPLOYEE', year: 2026, capGroup: 'OUTPATIENT' };
}

/** A settlement that wants `wantFen` of fund, cut by what is left of the cap (S-2), like the engine. */
function capped(wantFen: number) {
  return (s: AccumulatorSnapshot) => {
    const fundFen = Math.min(wantFen, Math.max(0, CAP_FEN - s.fundPaidFen));
    return Promise.resolve({ charge: { deductibleFen: 0, fundFen }, result: fundFen });
  };
}

async function totals(key: AccumulatorKey) {
  const doc = await accumulatorModel(db).findById(`${key.personId}:${key.scheme}:${key.year}:${key.capGroup}`).lean();
  return doc!;
}

describe('S-5 accumulator store (FerretDB, no transactions)', () => {
  it.each([
    { processes: 1, bills: 50 },
    { processes: 5, bills: 50 },
  ])('S-5: $bills parallel bills through $processes process(es) never pass the annual cap', async ({ processes, bills }) => {
    const key = freshKey();
    const stores = Array.from({ length: processes }, () => new AccumulatorStore(db));
    const outcomes = await Promise.all(
      Array.from({ length: bills }, (_, i) =>
        stores[i % processes].chargeOnce(key, `STL-${i}`, {
          prepare: capped(40_000),
          alreadyCharged: () => Promise.reject(new Error('never charged before')),
        }),
      ),
    );
    const paid = outcomes.map((o) => o.result);
    const sum = paid.reduce((a, b) => a + b, 0);
    const doc = await totals(key);

    expect(sum).toBe(CAP_FEN); // 50 x 400.00 yuan wanted, 3,000.00 cap: exactly the cap is paid
    expect(doc.fundPaidFen).toBe(sum);
    expect(doc.version).toBe(bills);
    expect(new Set(doc.appliedSettlementIds).size).toBe(bills);
    // Only the first bills get money: 7 full, 1 partial (300000 = 7 x 40000 + 20000), the rest 0.
    expect(paid.filter((f) => f === 40_000)).toHaveLength(7);
    expect(paid.filter((f) => f === 20_000)).toHaveLength(1);
    expect(outcomes.every((o) => o.chargedNow)).toBe(true);
  });

  it('S-5: a retried settlement id counts once, and the retry gets what the first attempt recorded', async () => {
    const key = freshKey();
    const store = new AccumulatorStore(db);
    const first = await store.chargeOnce(key, 'STL-retry', {
      prepare: capped(12_345),
      alreadyCharged: () => Promise.reject(new Error('not yet')),
    });
    let preparedAgain = false;
    const retry = await store.chargeOnce(key, 'STL-retry', {
      prepare: (s) => {
        preparedAgain = true;
        return capped(12_345)(s);
      },
      alreadyCharged: () => Promise.resolve(-1),
    });

    expect(first).toMatchObject({ result: 12_345, chargedNow: true });
    expect(retry).toMatchObject({ result: -1, chargedNow: false });
    expect(preparedAgain).toBe(false);
    expect(await totals(key)).toMatchObject({ fundPaidFen: 12_345, version: 1, appliedSettlementIds: ['STL-retry'] });
  });

  it('S-5: the same settlement id sent to three processes at once is charged by exactly one', async () => {
    const key = freshKey();
    const outcomes = await Promise.all(
      [0, 1, 2].map(() =>
        new AccumulatorStore(db).chargeOnce(key, 'STL-dup', {
          prepare: capped(5_000),
          alreadyCharged: () => Promise.resolve(0),
        }),
      ),
    );
    expect(outcomes.filter((o) => o.chargedNow)).toHaveLength(1);
    expect(await totals(key)).toMatchObject({ fundPaidFen: 5_000, version: 1, appliedSettlementIds: ['STL-dup'] });
  });

  it('S-5: a rule error while preparing charges nothing; reading (a quote) creates nothing', async () => {
    const key = freshKey();
    const store = new AccumulatorStore(db);
    await expect(
      store.chargeOnce(key, 'STL-bad', {
        prepare: () => Promise.reject(new Error('SETTLEMENT_NO_VALID_FILING')),
        alreadyCharged: () => Promise.resolve(0),
      }),
    ).rejects.toThrow('SETTLEMENT_NO_VALID_FILING');
    const snapshot = await store.read(key);

    expect(snapshot).toMatchObject({ exists: false, version: 0, fundPaidFen: 0, deductibleUsedFen: 0 });
    expect(await accumulatorModel(db).countDocuments({ personId: key.personId })).toBe(0);
    // The queue is not stuck behind the failure.
    await expect(store.chargeOnce(key, 'STL-ok', { prepare: capped(1), alreadyCharged: () => Promise.resolve(0) })).resolves.toMatchObject({ result: 1 });
  });

  it('S-5: deductible and fund accumulate separately per year (a new year starts from zero)', async () => {
    const base = freshKey();
    const store = new AccumulatorStore(db);
    const charge = (year: number, id: string) =>
      store.chargeOnce({ ...base, year }, id, {
        prepare: () => Promise.resolve({ charge: { deductibleFen: 10_000, fundFen: 36_000 }, result: 0 }),
        alreadyCharged: () => Promise.resolve(0),
      });
    await charge(2026, 'STL-a');
    await charge(2026, 'STL-b');
    await charge(2027, 'STL-c');

    expect(await store.read({ ...base, year: 2026 })).toMatchObject({ deductibleUsedFen: 20_000, fundPaidFen: 72_000, version: 2 });
    expect(await store.read({ ...base, year: 2027 })).toMatchObject({ deductibleUsedFen: 10_000, fundPaidFen: 36_000, version: 1 });
  });
});
