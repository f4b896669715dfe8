// Every model whose indexes must exist before the first request or task: the unique keys are
// what make retried writes land once (idempotency, S-5 one charge per settlement, RC-4 one ledger
// leg per movement). The API and the worker build the same list; building is idempotent.
import type mongoose from 'mongoose';
import { ensureIndexes } from './connection';
import { accumulatorChargeModel } from './accumulator';
import { apiKeyModel } from './apiKey';
import { auditEventModel } from './auditEvent';
import { caseFailureModel, dailyErrorReportModel, rejectionModel } from './errorTally';
import { clearingCarryModel, clearingItemModel, clearingLockModel, clearingOffsetModel, clearingViewModel } from './clearing';
import { clearingLedgerModel } from './clearingLedger';
import { advanceQuotaModel, advanceTopUpModel, advanceViewModel } from './advance';
import { monitoringWarningModel, settlementUploadModel, warningAckModel } from './monitoring';
import { filingViewModel } from './filingView';
import { idempotencyModel } from './idempotencyRecord';
import { inquiryViewModel } from './inquiryView';
import { ledgerEntryModel } from './ledger';
import { commitmentBarModel } from './personBar';
import { recoveryViewModel } from './recoveryView';
import { settlementRecordModel } from './settlementRecord';
import { institutionStatusModel } from './institutionStatus';
import { personAliasModel } from './personAlias';
import { filingClaimModel } from './filingClaim';
import { inquiryClaimModel } from './inquiryClaim';
import { importJobModel, importedSourceModel, importRejectionModel } from './importJob';

export function engineModels(db: mongoose.Connection): mongoose.Model<any>[] {
  return [
    apiKeyModel(db),
    idempotencyModel(db),
    auditEventModel(db),
    rejectionModel(db),
    filingViewModel(db),
    commitmentBarModel(db),
    settlementRecordModel(db),
    accumulatorChargeModel(db),
    inquiryViewModel(db),
    recoveryViewModel(db),
    ledgerEntryModel(db),
    institutionStatusModel(db),
    personAliasModel(db),
    filingClaimModel(db),
    inquiryClaimModel(db),
    // P-1..P-6, M-1, M-2
    caseFailureModel(db),
    dailyErrorReportModel(db),
    clearingLockModel(db),
    clearingItemModel(db),
    clearingCarryModel(db),
    clearingOffsetModel(db),
    clearingViewModel(db),
    clearingLedgerModel(db),
    advanceQuotaModel(db),
    advanceTopUpModel(db),
    advanceViewModel(db),
    monitoringWarningModel(db),
    warningAckModel(db),
    settlementUploadModel(db),
    //
    importJobModel(db),
    importedSourceModel(db),
    importRejectionModel(db),
  ];
}

export function ensureEngineIndexes(db: mongoose.Connection): Promise<void> {
  return ensureIndexes(engineModels(db));
}
