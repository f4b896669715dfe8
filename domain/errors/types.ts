// E-1: every rejection has a stable code, a category and a zh/en message that says the
// cause and what to do next. Catalogue entries live in one file per area (platform,
// filing, settlement, inquiry) so each area owns its own codes.

export type ErrorCategory = 'VALIDATION' | 'POLICY' | 'STATE' | 'AUTH' | 'NOT_FOUND' | 'CONFLICT' | 'UPSTREAM';

export interface CatalogueEntry {
  category: ErrorCategory;
  /** HTTP status the API answers with (API.md: 400, 401/403, 404, 409, 422, 502/503). */
  status: number;
  zh: string;
  en: string;
}

export type Catalogue = Record<string, CatalogueEntry>;

export type ErrorDetails = Record<string, unknown>;

/** A rule or input rejection carrying its catalogue code. Pure: no framework types. */
export class DomainError extends Error {
  readonly code: string;
  readonly details: ErrorDetails;

  constructor(code: string, details: ErrorDetails = {}) {
    super(code);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

/** Helper so each area file gets its keys type-checked as literal codes. */
export function defineCatalogue<T extends Catalogue>(entries: T): T {
  return entries;
}
