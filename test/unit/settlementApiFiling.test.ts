// F-4 filing choice for settlement (api/services/settlementFilings.ts): which of a person's
// filings a bill settles under (which regions' filings cover a hospital: test/unit/regions.test.ts).
import { chooseFiling } from '../../api/services/settlementFilings';

interface Row {
  id: string;
  status: string;
  validFrom: string;
  validUntil: string | null;
  createdAt: string;
}

const row = (id: string, status: string, validFrom: string, validUntil: string | null, createdAt = `${validFrom}T00:00`): Row => ({
  id,
  status,
  validFrom,
  validUntil,
  createdAt,
});

describe('chooseFiling (F-4, F-11)', () => {
  it.each<{ rule: string; rows: Row[]; admission: string; chosen: string | null }>([
    { rule: 'F-4: no filing at all -> none', rows: [], admission: '2026-03-01', chosen: null },
    {
      rule: 'F-4: the filing valid on the admission date',
      rows: [row('A', 'ACTIVE', '2026-01-01', '2026-06-30')],
      admission: '2026-03-01',
      chosen: 'A',
    },
    {
      rule: 'F-4: admitted while valid, the filing covers the stay even after it expired',
      rows: [row('OLD', 'EXPIRED', '2025-07-01', '2025-12-31'), row('NEW', 'ACTIVE', '2026-02-01', '2026-07-31')],
      admission: '2025-12-30',
      chosen: 'OLD',
    },
    {
      rule: 'F-11: superseded and live both cover the date -> the live one',
      rows: [row('OLD', 'SUPERSEDED', '2026-01-01', '2026-06-30'), row('NEW', 'ACTIVE', '2026-02-01', null)],
      admission: '2026-03-01',
      chosen: 'NEW',
    },
    {
      rule: 'F-6: a commitment filing is live while pending',
      rows: [row('C', 'COMMITMENT_PENDING', '2026-01-01', '2026-06-30'), row('X', 'CANCELLED', '2025-12-01', '2026-05-31')],
      admission: '2026-03-01',
      chosen: 'C',
    },
    {
      rule: 'F-7: a lapsed filing never covers; the older cancelled one that does is used',
      rows: [row('L', 'LAPSED', '2026-01-01', '2026-06-30'), row('X', 'CANCELLED', '2025-12-01', '2026-05-31')],
      admission: '2026-03-01',
      chosen: 'X',
    },
    {
      rule: 'F-7: only a lapsed filing -> it is returned so the refusal can say LAPSED',
      rows: [row('L', 'LAPSED', '2026-01-01', '2026-06-30')],
      admission: '2026-03-01',
      chosen: 'L',
    },
    {
      rule: 'F-4: none valid on the date -> the most recent, so the refusal can say NOT_VALID_ON_ADMISSION',
      rows: [row('A', 'ACTIVE', '2026-05-01', null), row('B', 'EXPIRED', '2025-01-01', '2025-06-30')],
      admission: '2026-03-01',
      chosen: 'A',
    },
    {
      rule: 'F-2: open-ended LONG_TERM covers any later date',
      rows: [row('LT', 'ACTIVE', '2024-01-01', null)],
      admission: '2030-12-31',
      chosen: 'LT',
    },
    {
      rule: 'dates are inclusive (T-1): the last valid day still covers',
      rows: [row('A', 'EXPIRED', '2026-01-15', '2026-07-14')],
      admission: '2026-07-14',
      chosen: 'A',
    },
    {
      rule: 'two live covering filings -> the most recent start',
      rows: [row('P', 'ACTIVE', '2026-01-01', null), row('C', 'ACTIVE', '2026-02-01', null)],
      admission: '2026-03-01',
      chosen: 'C',
    },
  ])('$rule', ({ rows, admission, chosen }) => {
    expect(chooseFiling(rows, admission)?.id ?? null).toBe(chosen);
  });
});
