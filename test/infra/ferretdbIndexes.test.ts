// The embedded database as provisioned (FerretDB 1.x + scripts/ferretdb/*.patch) and the
// indexes built on it. The settlement path's latency rests on both: every lookup it makes is
// by _id, and each of them must be an index search, not a scan of the table.
import mongoose, { Schema } from 'mongoose';
import { withDatabase } from '../../scripts/servers/ferret';
import { databaseBackend, ensureIndexes, indexesFor, modelOn } from '../../models/connection';
import { settlementRecordModel } from '../../models/settlementRecord';
import { accumulatorChargeModel } from '../../models/accumulator';
import { idempotencyModel, idempotencyRecordId } from '../../models/idempotencyRecord';
import { uniqueName } from '../setup/stackEnv';

let db: mongoose.Connection;

beforeAll(async () => {
  db = await mongoose
    .createConnection(withDatabase(process.env.MONGODB_URI!, uniqueName('idx').slice(0, 63)), { autoIndex: false })
    .asPromise();
});

afterAll(async () => {
  await db.dropDatabase().catch(() => undefined);
  await db.close();
});

/** SQLite's plan for a find, as FerretDB's explain reports it. */
async function planOf(collection: string, filter: Record<string, unknown>): Promise<string> {
  const explained = await db.db!.collection(collection).find(filter).explain();
  return JSON.stringify((explained as { queryPlanner?: { Plan?: unknown } }).queryPlanner?.Plan ?? explained);
}

describe('embedded FerretDB build', () => {
  beforeAll(async () => {
    const docs = db.db!.collection<{ _id: string; state: string }>('plans');
    await docs.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `doc-${i}`, state: i % 2 ? 'A' : 'B' })));
  });

  it('is FerretDB (the backend the embedded stack and tests run on)', async () => {
    expect(await databaseBackend(db)).toBe('ferretdb');
  });

  it('looks a document up by _id through the _id index', async () => {
    expect(await planOf('plans', { _id: 'doc-7' })).toMatch(/SEARCH .*USING INDEX/);
  });

  it('uses that index when the filter holds more than _id (the rest is checked on the rows found)', async () => {
    expect(await planOf('plans', { _id: 'doc-7', state: 'A' })).toMatch(/SEARCH .*USING INDEX/);
    expect(await db.db!.collection('plans').findOne({ _id: 'doc-7' as never, state: 'A' })).toMatchObject({ _id: 'doc-7' });
    expect(await db.db!.collection('plans').findOne({ _id: 'doc-7' as never, state: 'B' })).toBeNull();
  });

  it('scans for any other filter (why hot paths look up by _id only)', async () => {
    expect(await planOf('plans', { state: 'A' })).toMatch(/SCAN/);
  });
});

describe('indexes per backend', () => {
  const probeSchema = new Schema(
    { code: { type: String, unique: true }, region: { type: String, index: true } },
    { collection: 'index_probe' },
  );

  it('builds only the unique indexes on FerretDB (it never reads the others) and all of them on MongoDB', async () => {
    const model = modelOn(db, 'IndexProbe', probeSchema);
    expect(indexesFor(model, 'ferretdb').map(([fields]) => fields)).toEqual([{ code: 1 }]);
    expect(indexesFor(model, 'mongodb').map(([fields]) => fields)).toEqual([{ code: 1 }, { region: 1 }]);

    await ensureIndexes([model]);
    const built = (await model.collection.indexes()).map((i) => i.key);
    expect(built).toEqual([{ _id: 1 }, { code: 1 }]);
    await model.create({ code: 'X' });
    await expect(model.create({ code: 'X' })).rejects.toMatchObject({ code: 11000 });
  });

  it('keeps the unique keys idempotency and S-5 rest on', async () => {
    await ensureIndexes([settlementRecordModel(db), accumulatorChargeModel(db), idempotencyModel(db)]);
    const keys = async (m: mongoose.Model<any>) => (await m.collection.indexes()).map((i) => ({ key: i.key, unique: i.unique ?? false }));
    // One charge per settlement (a retried settlement is never charged twice).
    expect(await keys(accumulatorChargeModel(db))).toContainEqual({ key: { settlementId: 1 }, unique: true });
    // Records and idempotency claims are unique by _id (the settlement id / a hash of scope and key).
    expect(idempotencyRecordId('agency POST /x', 'k-1')).not.toBe(idempotencyRecordId('agency POST /x', 'k-2'));
    expect(idempotencyRecordId('a', 'b c')).not.toBe(idempotencyRecordId('a b', 'c'));
  });
});
