// Reading a filing's view by its id on the real database: one _id lookup, also for a view stored
// before views were keyed by filing id (an ObjectId _id, found once per process), and nothing for
// an id no case has (the read that used to search every view by field on FerretDB).
import mongoose from 'mongoose';
import { withDatabase } from '../../scripts/servers/ferret';
import { filingViewModel, findFilingView } from '../../models/filingView';
import { uniqueName } from '../setup/stackEnv';

let db: mongoose.Connection;

beforeAll(async () => {
  db = await mongoose.createConnection(withDatabase(process.env.MONGODB_URI!, uniqueName('views').slice(0, 63))).asPromise();
});
afterAll(async () => {
  await db?.dropDatabase();
  await db?.close();
});

describe('findFilingView', () => {
  it('finds a view by its filing id, an older view under its ObjectId, and nothing for an unknown id', async () => {
    const legacyId = new mongoose.Types.ObjectId();
    const views = filingViewModel(db).collection;
    await views.insertOne({ _id: legacyId, filingId: 'FIL-BEFORE-KEYING', status: 'ACTIVE', revision: 3 } as object);
    await views.insertOne({ _id: 'FIL-KEYED', filingId: 'FIL-KEYED', status: 'ACTIVE', revision: 1 } as object);

    expect(await findFilingView(db, 'FIL-KEYED')).toMatchObject({ _id: 'FIL-KEYED', revision: 1 });
    const legacy = await findFilingView(db, 'FIL-BEFORE-KEYING');
    expect(String(legacy?._id)).toBe(legacyId.toHexString());
    expect(legacy).toMatchObject({ filingId: 'FIL-BEFORE-KEYING', revision: 3 });
    expect(await findFilingView(db, 'FIL-NO-SUCH-CASE')).toBeNull();
  });
});
