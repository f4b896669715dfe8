// S-5 accumulator store against the real FerretDB of the stack (no transactions, no atomic
// updates): concurrent bills never spend the same cap room twice, and a retried settlement
// counts once. Several AccumulatorStore instances stand in for several API processes (each
// has its own in-process queue, so only the unique charge slot keeps them apart).
import mongoose from 'mongoose';
import { withDatabase } from '../../scripts/servers/ferret';
import { AccumulatorStore, type AccumulatorSnapshot } from '../../api/services/accumulators';
import { accumulatorKeyId, type AccumulatorKey } from '../../domain/settlement';
import { accumulatorChargeModel } from '../../models/accumulator';
import { uniqueName } from '../setup/stackEnv';

const CAP_FEN = 300_000;

let db: mongoose.Connection;
let keySeq = 0;

beforeAll(async () => {
  db = await mongoose.createConnection(withDatabase(process.env.MONGODB_URI!, uniqueName('acc').slice(0, 63))).asPromise();
  await accumulatorChargeModel(db).init();
});

afterAll(async () => {
  await db.dropDatabase().catch(() => undefined);
  await db.close();
});

function freshKey(): AccumulatorKey {
  keySeq += 1;
  return { personId: `P${process.pid}-${keySeq}`, scheme: 'EMPLOYEE', year: 2026, capGroup: 'OUTPATIENT' };
}

/** A settlement that wants `wantFen` of fund, cut by what is left of the cap (S-2), as the engine does. */
function capped(wantFen: number) {
  return (s: AccumulatorSnapshot) => {
    const fundFen = Math.min(wantFen, Math.max(0, CAP_FEN - s.fundPaidFen));
    return { amounts: { deductibleFen: 0, fundFen }, receipt: fundFen };
  };
}

async function chargesOf(key: AccumulatorKey) {
  return accumulatorChargeModel(db)
    .find({ keyId: accumulatorKeyId(key) })
    .sort({ seq: 1 })
    .lean();
}

describe('S-5 accumulator store (FerretDB: no transactions, no atomic updates)', () => {
  it.each([
    { processes: 1, bills: 50 },
    { processes: 5, bills: 50 },
  ])('S-5: $bills parallel bills through $processes process(es) never pass the annual cap', async ({ processes, bills }) => {
    const key = freshKey();
    const stores = Array.from({ length: processes }, () => new AccumulatorStore(db));
    const outcomes = await Promise.all(
      Array.from({ length: bills }, (_, i) => stores[i % processes].chargeOnce(key, `STL-${keySeq}-${i}`, capped(40_000))),
    );
    const paid = outcomes.map((o) => o.receipt);
    const sum = paid.reduce((a, b) => a + b, 0);
    const charges = await chargesOf(key);

    expect(sum).toBe(CAP_FEN); // 50 x 400.00 yuan wanted, 3,000.00 cap: exactly the cap is paid
    expect(await new AccumulatorStore(db).read(key)).toMatchObject({ seq: bills, fundPaidFen: sum });
    // One charge per bill, numbered without gaps, each total the previous plus its own amount.
    expect(charges.map((c) => c.seq)).toEqual(Array.from({ length: bills }, (_, i) => i + 1));
    charges.forEach((c, i) => expect(c.fundPaidFen).toBe((i ? charges[i - 1].fundPaidFen : 0) + c.fundFen));
    // Only the first bills get money: 7 full, 1 partial (300000 = 7 x 40000 + 20000), the rest 0.
    expect(paid.filter((f) => f === 40_000)).toHaveLength(7);
    expect(paid.filter((f) => f === 20_000)).toHaveLength(1);
    expect(outcomes.every((o) => o.chargedNow)).toBe(true);
    // Several processes really raced for slots (and lost some), so the unique slot was what kept the cap.
    if (processes > 1) expect(outcomes.some((o) => o.attempts > 1)).toBe(true);
  });

  it('S-5: a retried settlement id counts once, and the retry gets the receipt of the first attempt', async () => {
    const key = freshKey();
    const store = new AccumulatorStore(db);
    const first = await store.chargeOnce(key, `STL-retry-${keySeq}`, capped(12_345));
    // A retry in a fresh process (no memory of the chain) whose computation differs.
    const retry = await new AccumulatorStore(db).chargeOnce(key, `STL-retry-${keySeq}`, capped(99_999));

    expect(first).toMatchObject({ receipt: 12_345, chargedNow: true });
    expect(retry).toMatchObject({ receipt: 12_345, chargedNow: false });
    expect(await store.read(key)).toMatchObject({ seq: 1, fundPaidFen: 12_345 });
  });

  it('S-5: the same settlement id sent to three processes at once is charged by exactly one', async () => {
    const key = freshKey();
    const id = `STL-dup-${keySeq}`;
    const outcomes = await Promise.all([0, 1, 2].map(() => new AccumulatorStore(db).chargeOnce(key, id, capped(5_000))));

    expect(outcomes.filter((o) => o.chargedNow)).toHaveLength(1);
    expect(outcomes.map((o) => o.receipt)).toEqual([5_000, 5_000, 5_000]);
    expect((await chargesOf(key)).map((c) => c.settlementId)).toEqual([id]);
  });

  it('S-5: a rule error while computing charges nothing and does not block the next bill; a read (quote) writes nothing', async () => {
    const key = freshKey();
    const store = new AccumulatorStore(db);
    await expect(
      store.chargeOnce(key, `STL-bad-${keySeq}`, () => {
        throw new Error('SETTLEMENT_NO_VALID_FILING');
      }),
    ).rejects.toThrow('SETTLEMENT_NO_VALID_FILING');

    expect(await store.read(key)).toMatchObject({ seq: 0, fundPaidFen: 0, deductibleUsedFen: 0 });
    expect(await chargesOf(key)).toHaveLength(0);
    await expect(store.chargeOnce(key, `STL-ok-${keySeq}`, capped(1))).resolves.toMatchObject({ receipt: 1, chargedNow: true });
  });

  it('S-5: a process that starts cold finds the newest of many charges', async () => {
    const key = freshKey();
    const writer = new AccumulatorStore(db);
    for (let i = 0; i < 37; i += 1) await writer.chargeOnce(key, `STL-cold-${keySeq}-${i}`, capped(100));

    expect(await new AccumulatorStore(db).read(key)).toMatchObject({ seq: 37, fundPaidFen: 3_700 });
  });

  it('S-5: deductible and fund accumulate per year (a new year starts from zero)', async () => {
    const base = freshKey();
    const store = new AccumulatorStore(db);
    const charge = (year: number, id: string) =>
      store.chargeOnce({ ...base, year }, `${id}-${keySeq}`, () => ({
        amounts: { deductibleFen: 10_000, fundFen: 36_000 },
        receipt: null,
      }));
    await charge(2026, 'STL-a');
    await charge(2026, 'STL-b');
    await charge(2027, 'STL-c');

    expect(await store.read({ ...base, year: 2026 })).toMatchObject({ seq: 2, deductibleUsedFen: 20_000, fundPaidFen: 72_000 });
    expect(await store.read({ ...base, year: 2027 })).toMatchObject({ seq: 1, deductibleUsedFen: 10_000, fundPaidFen: 36_000 });
  });
});
