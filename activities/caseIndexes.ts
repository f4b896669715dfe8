import type mongoose from 'mongoose';

/** Models of inquiry and recovery cases whose unique indexes must exist before work starts. */
export function caseModelsForIndexes(_db: mongoose.Connection): mongoose.Model<any>[] {
  return [];
}
