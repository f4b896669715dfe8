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
