// Processing-attempt ids for DecisionLog.claim in tests: each call is a new attempt unless a test reuses one.
let counter = 0;

export function nextAttemptId(): string {
  counter += 1;
  return `attempt-${counter}`;
}
