// M-2 under abuse (issue 14 item 5), on a stub database: anonymous traffic adds to counts held in
// the process and written as one row per key and flush, so storage grows with days and codes,
// never with requests; the counts in memory are bounded too, and every row expires.
import type mongoose from 'mongoose';
import { RejectionTally, type Rejection } from '../../models/errorTally';

interface Written {
  _id: string;
  day: string;
  code: string;
  route: string;
  agencyId: string;
  count: number;
  expiresAt: Date;
  at: Date;
}

/** A connection whose Rejection model's collection keeps the inserted rows; `failNext` fails inserts. */
function stubDatabase() {
  const rows: Written[] = [];
  const purges: unknown[] = [];
  let failNext = 0;
  let failNextAfterWrite = false;
  const model = {
    collection: {
      insertOne: async (doc: Written) => {
        if (failNext > 0) {
          failNext -= 1;
          throw Object.assign(new Error('connection reset'), { name: 'MongoNetworkError' });
        }
        if (rows.some((r) => r._id === doc._id)) throw Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
        rows.push({ ...doc });
        if (failNextAfterWrite) {
          failNextAfterWrite = false;
          throw Object.assign(new Error('connection reset after the write'), { name: 'MongoNetworkError' });
        }
        return { acknowledged: true };
      },
    },
    deleteMany: async (filter: unknown) => {
      purges.push(filter);
      return { deletedCount: 0 };
    },
  };
  const db = { models: { Rejection: model } } as unknown as mongoose.Connection;
  return {
    db,
    rows,
    purges,
    failInserts: (n: number) => {
      failNext = n;
    },
    loseNextAnswer: () => {
      failNextAfterWrite = true;
    },
  };
}

const at = new Date('2026-03-02T03:00:00Z');
const anonymous = (overrides: Partial<Rejection> = {}): Rejection => ({
  day: '2026-03-02',
  code: 'AUTH_INVALID',
  category: 'AUTH',
  status: 401,
  route: 'GET /api/v1/filings',
  agencyId: 'anonymous',
  at,
  ...overrides,
});

describe('RejectionTally (M-2 rejection counts)', () => {
  it('M-2: ten thousand anonymous rejections of one key are one row per flush, with their count', async () => {
    const s = stubDatabase();
    const tally = new RejectionTally(s.db, { ttlDays: 35 });
    for (let i = 0; i < 10_000; i += 1) tally.record(anonymous());
    await tally.flush();
    expect(s.rows).toHaveLength(1);
    expect(s.rows[0]).toMatchObject({ day: '2026-03-02', code: 'AUTH_INVALID', agencyId: 'anonymous', count: 10_000 });

    for (let i = 0; i < 3000; i += 1) tally.record(anonymous());
    for (let i = 0; i < 2000; i += 1) tally.record(anonymous({ code: 'ROUTE_NOT_FOUND', status: 404, route: 'GET (unrouted)' }));
    await tally.flush();
    expect(s.rows).toHaveLength(3);
    expect(s.rows.slice(1).map((r) => [r.code, r.count])).toEqual([
      ['AUTH_INVALID', 3000],
      ['ROUTE_NOT_FOUND', 2000],
    ]);
    // Nothing left to write: an idle flush writes no row.
    await tally.flush();
    expect(s.rows).toHaveLength(3);
    expect(new Set(s.rows.map((r) => r._id)).size).toBe(3);
  });

  it('M-2: every row expires ERROR_TALLY_TTL_DAYS after its rejection, and expired rows are deleted', async () => {
    const s = stubDatabase();
    const tally = new RejectionTally(s.db, { ttlDays: 35 });
    tally.record(anonymous());
    await tally.flush();
    expect(s.rows[0].expiresAt.getTime()).toBe(at.getTime() + 35 * 86_400_000);
    expect(s.purges).toHaveLength(1);
    expect(s.purges[0]).toEqual({ expiresAt: { $lt: expect.any(Date) } });
  });

  it('M-2: the counts held in memory are bounded: past maxKeys distinct keys they are flushed at once', async () => {
    const s = stubDatabase();
    const tally = new RejectionTally(s.db, { ttlDays: 35, maxKeys: 100 });
    for (let i = 0; i < 99; i += 1) tally.record(anonymous({ agencyId: `INSURED_CLERK:${String(i).padStart(6, '0')}` }));
    expect(s.rows).toHaveLength(0);
    tally.record(anonymous({ agencyId: 'INSURED_CLERK:999999' }));
    await tally.flush(); // waits for the flush the 100th key started
    expect(s.rows).toHaveLength(100);
    expect(s.rows.every((r) => r.count === 1)).toBe(true);
  });

  it('M-2: a flush the database refused keeps every count of it and writes them, once, on the next flush', async () => {
    const s = stubDatabase();
    const tally = new RejectionTally(s.db, { ttlDays: 35 });
    for (let i = 0; i < 500; i += 1) tally.record(anonymous());
    for (let i = 0; i < 7; i += 1) tally.record(anonymous({ code: 'ROUTE_NOT_FOUND', status: 404, route: 'GET (unrouted)' }));
    s.failInserts(1);
    await expect(tally.flush()).rejects.toThrow('connection reset');
    expect(s.rows).toHaveLength(0);
    for (let i = 0; i < 20; i += 1) tally.record(anonymous());
    await tally.flush();
    expect(s.rows.map((r) => r.count).sort((a, b) => a - b)).toEqual([7, 20, 500]);
    await tally.flush();
    expect(s.rows.reduce((sum, r) => sum + r.count, 0)).toBe(527);
  });

  it('M-2: a row the database took but whose answer was lost is not counted twice', async () => {
    const s = stubDatabase();
    const tally = new RejectionTally(s.db, { ttlDays: 35 });
    for (let i = 0; i < 40; i += 1) tally.record(anonymous());
    tally.record(anonymous({ code: 'ROUTE_NOT_FOUND', status: 404, route: 'GET (unrouted)' }));
    s.loseNextAnswer();
    await expect(tally.flush()).rejects.toThrow('after the write');
    await tally.flush();
    expect(s.rows.map((r) => [r.code, r.count])).toEqual([
      ['AUTH_INVALID', 40],
      ['ROUTE_NOT_FOUND', 1],
    ]);
  });
});
