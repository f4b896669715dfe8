// The treatment-region agency's side of clearing (P-2, P-6), simulated: it learns settlements
// and reversals from the engine's daily uploads (结算清单上传), keeps its own list per insured region
// and period, and serves it for reconciliation. Serving a period's list closes that period on the
// agency's side, so what is uploaded later lands in its next open period (the P-6 convention both
// sides keep). A fault switch spoils a period's list: drop lines, add lines of its own, change
// amounts, so every kind of reconciliation difference can be produced on purpose.
// Also: clearing applications and notices to agencies (payment reminders, top-up requests).
import { Router, type Request } from 'express';
import { z } from 'zod';
import {
  ClearingApplicationSchema,
  ClearingNoticeSchema,
  SettlementUploadSchema,
  type ClearingListLine,
  type UploadedItem,
} from '../../activities/clearingAgency';
import type { RouteKit } from './pipeline';
import { valid } from './pipeline';

const RegionParam = z.string().regex(/^\d{6}$/);
const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

interface Known {
  line: ClearingListLine;
  insuredRegion: string;
  treatmentRegion: string;
  /** The agency's period for the settlement's line (its own period, or the next open one). */
  listPeriod: string;
  /** Reversed while its list period was open: no line at all. */
  removed: boolean;
}

export interface ClearingFault {
  /** Settlement ids (or the first n lines) left out of the list: ONLY_OURS. */
  drop?: string[] | number;
  /** Lines of the agency's own the engine never had: ONLY_THEIRS. */
  add?: number;
  /** Amounts changed by deltaFen (or the first n lines by +100 fen): AMOUNT_DIFFERS. */
  change?: Array<{ settlementId: string; deltaFen: number }> | number;
}

const FaultSchema = z.strictObject({
  treatmentRegion: RegionParam,
  insuredRegion: RegionParam,
  period: Period,
  drop: z.union([z.array(z.string()), z.number().int().min(0)]).optional(),
  add: z.number().int().min(0).max(1000).optional(),
  change: z.union([z.array(z.strictObject({ settlementId: z.string(), deltaFen: z.number().int() })), z.number().int().min(0)]).optional(),
});

const nextPeriod = (p: string): string => {
  const [y, m] = p.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

export class ClearingBook {
  private settlements = new Map<string, Known>();
  private reversals = new Map<string, Known>();
  private closed = new Set<string>();
  private faults = new Map<string, ClearingFault>();
  readonly applications: Array<{ region: string; receivedAt: string; application: unknown }> = [];
  readonly notices: Array<{ region: string; receivedAt: string; notice: unknown }> = [];
  private seq = 0;

  private static key(insuredRegion: string, treatmentRegion: string, period: string): string {
    return `${insuredRegion}|${treatmentRegion}|${period}`;
  }

  private openPeriodFrom(insuredRegion: string, treatmentRegion: string, period: string): string {
    let p = period;
    while (this.closed.has(ClearingBook.key(insuredRegion, treatmentRegion, p))) p = nextPeriod(p);
    return p;
  }

  upload(treatmentRegion: string, items: UploadedItem[]): number {
    let accepted = 0;
    for (const item of items) {
      if (item.kind === 'SETTLEMENT') {
        if (this.settlements.has(item.settlementId)) continue;
        this.settlements.set(item.settlementId, {
          line: {
            lineId: item.settlementId,
            settlementId: item.settlementId,
            kind: 'SETTLEMENT',
            fundFen: item.fundFen,
            scheme: item.scheme,
            visitType: item.visitType,
            hospitalId: item.hospitalId,
            recordPeriod: item.period,
          },
          insuredRegion: item.insuredRegion,
          treatmentRegion,
          listPeriod: this.openPeriodFrom(item.insuredRegion, treatmentRegion, item.period),
          removed: false,
        });
        accepted += 1;
        continue;
      }
      const settled = this.settlements.get(item.settlementId);
      if (!settled || settled.removed || this.reversals.has(item.settlementId)) continue;
      accepted += 1;
      if (!this.closed.has(ClearingBook.key(settled.insuredRegion, treatmentRegion, settled.listPeriod))) {
        settled.removed = true; // reversed while its period is open: it counts for nothing
        continue;
      }
      this.reversals.set(item.settlementId, {
        line: { ...settled.line, lineId: `REV-${item.settlementId}`, kind: 'REVERSAL', fundFen: -settled.line.fundFen },
        insuredRegion: settled.insuredRegion,
        treatmentRegion,
        listPeriod: this.openPeriodFrom(
          settled.insuredRegion,
          treatmentRegion,
          item.period > settled.listPeriod ? item.period : nextPeriod(settled.listPeriod),
        ),
        removed: false,
      });
    }
    return accepted;
  }

  /** The agency's lines of the period, spoiled by any fault set for it. */
  list(insuredRegion: string, treatmentRegion: string, period: string): ClearingListLine[] {
    const mine = (k: Known) =>
      !k.removed && k.insuredRegion === insuredRegion && k.treatmentRegion === treatmentRegion && k.listPeriod === period;
    let lines = [...this.settlements.values(), ...this.reversals.values()]
      .filter(mine)
      .map((k) => ({ ...k.line }))
      .sort((a, b) => a.lineId.localeCompare(b.lineId));
    const fault = this.faults.get(ClearingBook.key(insuredRegion, treatmentRegion, period));
    if (fault) {
      const drop = typeof fault.drop === 'number' ? new Set(lines.slice(0, fault.drop).map((l) => l.lineId)) : new Set(fault.drop ?? []);
      lines = lines.filter((l) => !drop.has(l.lineId) && !drop.has(l.settlementId));
      const changes =
        typeof fault.change === 'number'
          ? new Map(lines.slice(0, fault.change).map((l) => [l.lineId, 100]))
          : new Map((fault.change ?? []).map((c) => [c.settlementId, c.deltaFen]));
      lines = lines.map((l) => (changes.has(l.lineId) ? { ...l, fundFen: l.fundFen + changes.get(l.lineId)! } : l));
      for (let i = 1; i <= (fault.add ?? 0); i += 1) {
        const id = `SIM-${treatmentRegion}-${insuredRegion}-${period}-${i}`;
        lines.push({
          lineId: id,
          settlementId: id,
          kind: 'SETTLEMENT',
          fundFen: 12_345 * i,
          scheme: 'EMPLOYEE',
          visitType: 'OUTPATIENT',
          hospitalId: `H${treatmentRegion}999`,
          recordPeriod: period,
        });
      }
    }
    return lines;
  }

  close(insuredRegion: string, treatmentRegion: string, period: string): void {
    this.closed.add(ClearingBook.key(insuredRegion, treatmentRegion, period));
  }

  setFault(f: z.infer<typeof FaultSchema>): void {
    const { treatmentRegion, insuredRegion, period, ...fault } = f;
    this.faults.set(ClearingBook.key(insuredRegion, treatmentRegion, period), fault);
  }

  receipt(prefix: string): string {
    this.seq += 1;
    return `${prefix}-${this.seq}`;
  }

  reset(): void {
    this.settlements.clear();
    this.reversals.clear();
    this.closed.clear();
    this.faults.clear();
    this.applications.length = 0;
    this.notices.length = 0;
  }
}

export function clearingRoutes({ readRoute, writeRoute }: RouteKit, book: ClearingBook = new ClearingBook()): Router {
  const router = Router();
  const region = (req: Request): string => valid(RegionParam, req.params.region);
  const scope = (req: Request): string => `agency:${req.params.region}`;

  router.post(
    '/agencies/:region/settlement-uploads',
    writeRoute(scope, (req) => {
      const upload = valid(SettlementUploadSchema, req.body ?? {});
      const accepted = book.upload(region(req), upload.items);
      return { status: 202, body: { received: true, receiptId: book.receipt(`upl-${region(req)}`), accepted } };
    }),
  );

  router.get(
    '/agencies/:region/clearing-lists',
    readRoute((req) => {
      const q = valid(
        z.object({
          insuredRegion: RegionParam,
          period: Period,
          offset: z.coerce.number().int().min(0).default(0),
          limit: z.coerce.number().int().min(1).max(10_000).default(5000),
        }),
        req.query,
      );
      const treatmentRegion = region(req);
      const lines = book.list(q.insuredRegion, treatmentRegion, q.period);
      book.close(q.insuredRegion, treatmentRegion, q.period);
      return {
        status: 200,
        body: {
          treatmentRegion,
          insuredRegion: q.insuredRegion,
          period: q.period,
          total: lines.length,
          offset: q.offset,
          lines: lines.slice(q.offset, q.offset + q.limit),
        },
      };
    }),
  );

  router.post(
    '/agencies/:region/clearing-applications',
    writeRoute(scope, (req) => {
      const application = valid(ClearingApplicationSchema, req.body ?? {});
      book.applications.push({ region: region(req), receivedAt: new Date().toISOString(), application });
      return { status: 202, body: { received: true, receiptId: book.receipt(`app-${region(req)}`) } };
    }),
  );

  router.post(
    '/agencies/:region/clearing-notices',
    writeRoute(scope, (req) => {
      const notice = valid(ClearingNoticeSchema, req.body ?? {});
      book.notices.push({ region: region(req), receivedAt: new Date().toISOString(), notice });
      return { status: 202, body: { received: true, receiptId: book.receipt(`ntc-${region(req)}`) } };
    }),
  );

  // Test controls (never recorded, never faulted): spoil a list, look at one without closing it, reset.
  router.post('/__clearing/faults', (req, res) => {
    const parsed = FaultSchema.safeParse(req.body ?? {});
    if (!parsed.success) return void res.status(400).json({ error: z.prettifyError(parsed.error) });
    book.setFault(parsed.data);
    res.status(201).json({ ok: true });
  });
  router.get('/__clearing/lists', (req, res) => {
    const q = z.object({ treatmentRegion: RegionParam, insuredRegion: RegionParam, period: Period }).safeParse(req.query);
    if (!q.success) return void res.status(400).json({ error: z.prettifyError(q.error) });
    res.json({ lines: book.list(q.data.insuredRegion, q.data.treatmentRegion, q.data.period) });
  });
  router.get('/__clearing/messages', (req, res) => {
    const r = typeof req.query.region === 'string' ? req.query.region : undefined;
    res.json({
      applications: book.applications.filter((a) => !r || a.region === r),
      notices: book.notices.filter((n) => !r || n.region === r),
    });
  });
  router.post('/__clearing/reset', (_req, res) => {
    book.reset();
    res.json({ ok: true });
  });

  return router;
}
