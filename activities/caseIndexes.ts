import type mongoose from 'mongoose';
import { inquiryViewModel } from '../models/inquiryView';
import { recoveryViewModel } from '../models/recoveryView';
import { ledgerEntryModel } from '../models/ledger';

/** Models of inquiry and recovery cases whose unique indexes must exist before work starts. */
export function caseModelsForIndexes(db: mongoose.Connection): mongoose.Model<any>[] {
  // The ledger's unique entryId is what makes a re-written movement land once (RC-4).
  return [inquiryViewModel(db), recoveryViewModel(db), ledgerEntryModel(db)];
}
