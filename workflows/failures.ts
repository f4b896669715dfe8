// A rule rejection inside a workflow must fail the update or the workflow with its catalogue
// code, never the workflow task (which Temporal would retry forever). The API maps the
// failure type back to the E-1 catalogue.
import { ApplicationFailure } from '@temporalio/workflow';
import { DomainError } from '../domain/errors/types';

export function toFailure(err: unknown): unknown {
  if (err instanceof DomainError) {
    return ApplicationFailure.create({ type: err.code, message: err.code, details: [err.details], nonRetryable: true });
  }
  return err;
}

/** Runs a rule check and rethrows a DomainError as a non-retryable ApplicationFailure. */
export function checked<T>(rule: () => T): T {
  try {
    return rule();
  } catch (err) {
    throw toFailure(err);
  }
}

/** The reason an activity failed, as a clerk reads it on the case (the cause, not the wrapper). */
export function failureMessage(err: unknown): string {
  const cause = (err as { cause?: { message?: string } }).cause;
  return cause?.message ?? (err instanceof Error ? err.message : String(err));
}
