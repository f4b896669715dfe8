// Monitoring use cases (M-1, M-2): indicators computed from the records when asked, warnings
// raised by the monthly check and acknowledged by a clerk with a note (预警监测评估处置), and the
// daily error report, kept per day by the daily job (live for a day not closed yet).
import { DomainError } from '../../domain/errors';
import type { Indicator } from '../../domain/monitoring';
import { isoDateInShanghai } from '../../domain/time';
import { dailyErrorReportModel, groupErrorRows, type ErrorReportRow } from '../../models/errorTally';
import { monitoringWarningModel, warningAckModel, type MonitoringWarning } from '../../models/monitoring';
import { indicatorsOf } from '../../models/monitoringFigures';
import { insertOnce } from '../../models/writes';
import { recordAuditEvent } from '../../models/auditEvent';
import type { AppContext } from '../context';
import type { Principal } from '../http/apiKeys';
import { assertCanRead, assertInsuredClerkOf, visibilityFilter } from './access';
import { auditActorOf } from './actors';

export async function indicators(
  ctx: AppContext,
  principal: Principal,
  query: { period: string; treatmentRegion?: string; insuredRegion?: string; hospitalId?: string },
): Promise<{ items: Indicator[] }> {
  const filter = { ...query, ...visibilityFilter(principal) };
  const localRate = (region: string) => ctx.policies.forRegion(region).clearing.monitoring.localDeductionRatePercent;
  const items = await indicatorsOf(ctx.db, query.period, filter, (r) => (ctx.policies.hasRegion(r) ? localRate(r) : 0));
  return { items };
}

async function warningDoc(ctx: AppContext, w: MonitoringWarning) {
  const ack = await warningAckModel(ctx.db).findById(w._id).lean();
  return {
    id: w._id,
    kind: w.kind,
    period: w.period,
    scope: { insuredRegion: w.insuredRegion, treatmentRegion: w.treatmentRegion, ...(w.hospitalId ? { hospitalId: w.hospitalId } : {}) },
    value: w.value,
    threshold: w.threshold,
    status: ack ? ('ACKNOWLEDGED' as const) : ('OPEN' as const),
    ...(ack ? { note: ack.note, acknowledgedBy: ack.by, acknowledgedOn: ack.on } : {}),
    raisedAt: new Date(w.raisedAt).toISOString(),
  };
}

export async function listWarnings(
  ctx: AppContext,
  principal: Principal,
  query: { period?: string; status?: 'OPEN' | 'ACKNOWLEDGED'; treatmentRegion?: string; page: number; pageSize: number },
) {
  const filter: Record<string, unknown> = { ...visibilityFilter(principal) };
  if (query.period) filter.period = query.period;
  if (query.treatmentRegion && principal.role !== 'TREATMENT_AGENCY') filter.treatmentRegion = query.treatmentRegion;
  const rows = await monitoringWarningModel(ctx.db).find(filter).lean();
  const docs = [];
  for (const w of rows.sort((a, b) => b.period.localeCompare(a.period) || a._id.localeCompare(b._id))) docs.push(await warningDoc(ctx, w));
  const items = query.status ? docs.filter((d) => d.status === query.status) : docs;
  const start = (query.page - 1) * query.pageSize;
  return { items: items.slice(start, start + query.pageSize), page: query.page, pageSize: query.pageSize, total: items.length };
}

/** M-1: a clerk of the insured region assesses a warning and says what was done, once. */
/** A warning the caller may read (anyone else: not found, the warning is not disclosed). */
export async function loadWarning(ctx: AppContext, principal: Principal, id: string) {
  const w = await monitoringWarningModel(ctx.db).findById(id).lean();
  if (!w) throw new DomainError('MONITORING_WARNING_NOT_FOUND', { warningId: id });
  try {
    assertCanRead(principal, w, 'warningId');
  } catch {
    throw new DomainError('MONITORING_WARNING_NOT_FOUND', { warningId: id });
  }
  return w;
}

export async function acknowledgeWarning(ctx: AppContext, principal: Principal, id: string, note: string) {
  const w = await loadWarning(ctx, principal, id);
  assertInsuredClerkOf(principal, w.insuredRegion);
  const nowMs = await ctx.clock.nowMs();
  const first = await insertOnce(warningAckModel(ctx.db), {
    _id: id,
    note,
    by: principal.agencyId,
    on: isoDateInShanghai(nowMs),
    at: new Date(nowMs),
  });
  if (!first) {
    const ack = await warningAckModel(ctx.db).findById(id).lean();
    // The same acknowledgement again (a retry) answers the warning as it is; another one is refused.
    if (ack?.note !== note || ack.by !== principal.agencyId)
      throw new DomainError('MONITORING_WARNING_ALREADY_ACKNOWLEDGED', { warningId: id, acknowledgedOn: ack?.on });
  }
  // E-2: who assessed it and what they said; one event per warning, so a retry records nothing new.
  await recordAuditEvent(ctx.db, {
    eventId: `WARNING:${id}:ACKNOWLEDGED`,
    caseType: 'WARNING',
    caseId: id,
    action: 'WARNING_ACKNOWLEDGED',
    actor: auditActorOf(principal),
    at: new Date(nowMs),
    after: { status: 'ACKNOWLEDGED', note },
  });
  return warningDoc(ctx, w);
}

type ReportGroup = {
  code: string;
  category: string;
  status: number;
  count: number;
  routes: { route: string; agencyId: string; count: number }[];
  cases: { caseType: string; count: number }[];
};

/** M-2: the day's rejections and case failures by code; each caller sees its own, an admin all. */
export async function errorReport(ctx: AppContext, principal: Principal, day?: string) {
  const theDay = day ?? isoDateInShanghai(await ctx.clock.nowMs());
  const kept = await dailyErrorReportModel(ctx.db).findById(theDay).lean();
  const rows: ErrorReportRow[] = kept ? kept.rows : await groupErrorRows(ctx.db, theDay);
  const mine = (r: ErrorReportRow) =>
    principal.role === 'ADMIN' ||
    (r.source === 'HTTP' ? r.agencyId === principal.agencyId : !!principal.region && r.regions.includes(principal.region));
  const byCode = new Map<string, ReportGroup>();
  for (const row of rows.filter(mine)) {
    const g = byCode.get(row.code) ?? { code: row.code, category: row.category, status: row.status, count: 0, routes: [], cases: [] };
    g.count += row.count;
    if (row.source === 'HTTP') {
      const r = g.routes.find((x) => x.route === row.route && x.agencyId === row.agencyId);
      if (r) r.count += row.count;
      else g.routes.push({ route: row.route, agencyId: row.agencyId, count: row.count });
    } else {
      const caseType = row.route.replace(/^case:/, '');
      const c = g.cases.find((x) => x.caseType === caseType);
      if (c) c.count += row.count;
      else g.cases.push({ caseType, count: row.count });
    }
    byCode.set(row.code, g);
  }
  const groups = [...byCode.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  return {
    day: theDay,
    kept: Boolean(kept),
    ...(kept ? { builtAt: new Date(kept.builtAt).toISOString() } : {}),
    total: groups.reduce((n, g) => n + g.count, 0),
    byCode: groups,
  };
}
