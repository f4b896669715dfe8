// Side effects of the daily and monthly jobs (M-1, M-2, P-2): the day's error report kept, the
// day's settlement list uploaded to each treatment agency, the month's monitoring warnings raised
// once per crossing, the pairs a month's clearing covers, and failures inside cases recorded for
// the daily report.
import { createHash } from 'node:crypto';
import { dailyErrorReportModel, groupErrorRows, recordCaseFailure } from '../models/errorTally';
import { monitoringWarningModel, settlementUploadModel } from '../models/monitoring';
import { indicatorsOf } from '../models/monitoringFigures';
import { settlementRecordModel } from '../models/settlementRecord';
import { insertOnce } from '../models/writes';
import { warningsOf, type CaseFailureInput } from '../domain/monitoring';
import { addDays, shanghaiMidnightEpochMs } from '../domain/time';
import type { UploadedItem } from './clearingAgency';
import { clearingPairsOf, type ClearingPair } from '../models/clearingPairs';
import type { ActivityDeps } from './deps';

const UPLOAD_BATCH = 2000;

export function createMonitoringActivities(deps: ActivityDeps) {
  const { db, policies, clock } = deps;
  return {
    /**
     * M-2: a failure inside a case (an agency not notified, an escalation or a transfer refused)
     * counted in the day's error report beside the HTTP rejections.
     */
    async recordCaseFailure(f: CaseFailureInput): Promise<void> {
      await recordCaseFailure(db, f, new Date(await clock.nowMs()));
    },

    /** M-2: the day's report, built once from the records of that day and kept. */
    async buildDailyErrorReport({ day }: { day: string }): Promise<{ day: string; total: number; kept: boolean }> {
      const rows = await groupErrorRows(db, day);
      const kept = await insertOnce(dailyErrorReportModel(db), { _id: day, day, builtAt: new Date(await clock.nowMs()), rows });
      return { day, total: rows.reduce((n, r) => n + r.count, 0), kept };
    },

    /**
     * 结算清单上传: the day's direct settlements and reversals, to each treatment agency, in
     * batches keyed by their content (a retry sends the same key; a batch that changed, say a
     * record written late, is a new key). The day is then marked uploaded.
     */
    async uploadSettlementsOfDay({ day }: { day: string }): Promise<{ settlements: number; reversals: number }> {
      if (!deps.clearingAgency) throw new Error('no clearing agency client configured (ActivityDeps.clearingAgency)');
      const next = addDays(day, 1);
      const records = settlementRecordModel(db);
      const settled = await records
        .find(
          { kind: 'DIRECT', state: 'STORED', 'breakdown.settledAt': { $gte: day, $lt: next } },
          {
            _id: 1,
            insuredRegion: 1,
            treatmentRegion: 1,
            period: 1,
            fundFen: 1,
            scheme: 1,
            visitType: 1,
            hospitalId: 1,
            'breakdown.settledAt': 1,
          },
        )
        .lean();
      const reversed = await records
        .find(
          {
            kind: 'DIRECT',
            'reversal.reversedAt': { $gte: new Date(shanghaiMidnightEpochMs(day)), $lt: new Date(shanghaiMidnightEpochMs(next)) },
          },
          { _id: 1, insuredRegion: 1, treatmentRegion: 1, period: 1, fundFen: 1, reversal: 1 },
        )
        .lean();
      const byRegion = new Map<string, UploadedItem[]>();
      const add = (region: string, item: UploadedItem) => byRegion.set(region, [...(byRegion.get(region) ?? []), item]);
      for (const r of settled) {
        add(r.treatmentRegion, {
          kind: 'SETTLEMENT',
          settlementId: r._id,
          insuredRegion: r.insuredRegion,
          period: r.period,
          fundFen: r.fundFen,
          scheme: r.scheme,
          visitType: r.visitType,
          hospitalId: r.hospitalId,
          settledAt: (r.breakdown as { settledAt: string }).settledAt,
        });
      }
      for (const r of reversed) {
        const rev = r.reversal as { period?: string; reversedAt: Date };
        add(r.treatmentRegion, {
          kind: 'REVERSAL',
          settlementId: r._id,
          insuredRegion: r.insuredRegion,
          period: rev.period ?? r.period,
          fundFen: r.fundFen,
          reversedAt: new Date(rev.reversedAt).toISOString(),
        });
      }
      for (const [region, items] of [...byRegion.entries()].sort()) {
        // Settlements before reversals, so the agency knows what a reversal takes back.
        items.sort((a, b) => (a.kind === b.kind ? a.settlementId.localeCompare(b.settlementId) : a.kind === 'SETTLEMENT' ? -1 : 1));
        for (let i = 0; i < items.length; i += UPLOAD_BATCH) {
          const batch = items.slice(i, i + UPLOAD_BATCH);
          const hash = createHash('sha256').update(JSON.stringify(batch)).digest('hex').slice(0, 24);
          await deps.clearingAgency.uploadSettlements(region, { day, items: batch }, `upload:${day}:${region}:${hash}`);
        }
      }
      await insertOnce(settlementUploadModel(db), {
        _id: day,
        day,
        settlements: settled.length,
        reversals: reversed.length,
        at: new Date(await clock.nowMs()),
      });
      return { settlements: settled.length, reversals: reversed.length };
    },

    /** M-1: the month's indicators for every pair and hospital; each threshold crossing raised once. */
    async evaluateMonitoring({ period }: { period: string }): Promise<{ indicators: number; raised: string[] }> {
      const localRate = (region: string) => policies.forRegion(region).clearing.monitoring.localDeductionRatePercent;
      const indicators = await indicatorsOf(db, period, {}, localRate);
      const raised: string[] = [];
      const raisedAt = new Date(await clock.nowMs());
      for (const ind of indicators) {
        for (const w of warningsOf(ind, policies.forRegion(ind.insuredRegion).clearing.monitoring)) {
          const doc = {
            _id: w.id,
            kind: w.kind,
            period: w.period,
            insuredRegion: w.scope.insuredRegion,
            treatmentRegion: w.scope.treatmentRegion,
            hospitalId: w.scope.hospitalId ?? null,
            value: w.value,
            threshold: w.threshold,
            raisedAt,
          };
          if (await insertOnce(monitoringWarningModel(db), doc)) raised.push(w.id);
        }
      }
      return { indicators: indicators.length, raised };
    },

    /**
     * P-2: the pairs a month's clearing covers: every pair with direct settlements in the period or
     * the periods a late record may come from, whose insured region follows `policyRegion`'s policy.
     */
    async clearingPairs({ period, policyRegion }: { period: string; policyRegion?: string }): Promise<ClearingPair[]> {
      return clearingPairsOf(db, policies, period, policyRegion);
    },
  };
}

export type MonitoringActivities = ReturnType<typeof createMonitoringActivities>;
