import type { ActivityDeps } from './deps';

export function createInquiryActivities(_deps: ActivityDeps) {
  return {};
}
