import { platformErrors } from './platform';
import { filingErrors } from './filing';
import { settlementErrors } from './settlement';
import { inquiryErrors } from './inquiry';
import { registryErrors } from './registry';
import { clearingErrors } from './clearing';
import { importErrors } from './import';
import type { Catalogue, CatalogueEntry } from './types';

export * from './types';

export const catalogue: Catalogue = {
  ...platformErrors,
  ...filingErrors,
  ...settlementErrors,
  ...inquiryErrors,
  ...registryErrors,
  ...clearingErrors,
  ...importErrors,
};

export type ErrorCode = keyof typeof catalogue & string;

export function lookupError(code: string): CatalogueEntry {
  return catalogue[code] ?? catalogue.INTERNAL;
}
