// Starts the shared test infrastructure once per vitest run. The DynamoDB servers are added by the
// adapters work; until then this is the place they plug in.
export default async function setup(): Promise<() => Promise<void>> {
  return async () => {};
}
