// Stands in for @smithy/core/event-streams in the Lambda bundles only (an esbuild alias set in
// lib/lambda-bundling.ts); tests and the local runtime use the real module from node_modules.
//
// Why: every bundled SDK client's protocol (@smithy/core/protocols, HttpProtocol) loads the event-stream
// codec with a dynamic `import()` when an operation streams events. esbuild cannot know that no operation
// will, so it bundles the codec (~15 KB of minified code per function). The clients bundled here (DynamoDB,
// Secrets Manager) have no event-stream operation; clients that do (Bedrock's ConverseStream, S3's
// SelectObjectContent) are taken from the Lambda runtime's own SDK (RUNTIME_PROVIDED_MODULES), which
// brings its own codec. Should a bundled client ever stream events, this says so instead of failing
// obscurely.

function unavailable(): never {
  throw new Error(
    'Event streams are not bundled into this function (lib/lambda-bundling.ts, LAMBDA_ALIASES): ' +
      'remove the @smithy/core/event-streams alias to use a streaming operation.',
  );
}

/** The names HttpProtocol.loadEventStreamCapability reads from the real module. */
export class EventStreamSerde {
  constructor() {
    unavailable();
  }
}

export const eventStreamSerdeProvider = (): never => unavailable();
