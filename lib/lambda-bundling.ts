// The esbuild settings every Lambda bundle shares. Free of aws-cdk-lib on purpose: lib/node-handler.ts hands
// them to CDK and bench/sections/bundle.ts builds with the very same values, so the two cannot drift.
import { join } from 'node:path';

/** Lambda runs Node 24 (lib/node-handler.ts). */
export const LAMBDA_TARGET = 'node24';

/**
 * An ESM bundle has no `require` unless it is recreated, and a CommonJS dependency that calls it for a Node
 * built-in would fail at load. Since the X-Ray SDK (CommonJS) left the responder, no bundle calls it; the
 * banner stays as a guard, at no measurable cost.
 */
export const CREATE_REQUIRE_BANNER =
  "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

/**
 * Packages replaced in the Lambda bundles only, as esbuild `alias` values relative to the repository root
 * (esbuild's working directory; `lambdaAliases` makes them absolute). Tests, the local runtime, the CLI
 * and the synth keep the real packages; each replacement says why in its own header.
 */
export const LAMBDA_ALIASES: Readonly<Record<string, string>> = {
  // The default credential chain minus the links that cannot apply in Lambda (~100 KB per bundle).
  '@aws-sdk/credential-provider-node': './lambda/bundle-aliases/env-credential-provider.ts',
  // The event-stream codec, which no bundled client's operation uses (~15 KB per bundle).
  '@smithy/core/event-streams': './lambda/bundle-aliases/no-event-streams.ts',
};

/** The aliases with absolute paths: CDK runs esbuild from the asset's output directory, not the root. */
export function lambdaAliases(root: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(LAMBDA_ALIASES).map(([name, path]) => [name, join(root, path)]),
  );
}

/**
 * SDK clients left out of the bundles and taken from the SDK v3 that the Lambda Node.js runtime ships.
 * Each is loaded with a dynamic `import()` on the only path that needs it, so a function that never takes
 * that path never loads it, and the bundle does not carry it (S3: ~110 KB; Bedrock: ~55 KB).
 */
export const RUNTIME_PROVIDED_MODULES: readonly string[] = [
  // Ingress: only when a signed payload is rejected (lambda/adapters/s3-rejected-payload-store.ts).
  '@aws-sdk/client-s3',
  // Responder: only when GENERAL_ANSWERER=bedrock:… (lambda/adapters/bedrock-general-answerer.ts).
  '@aws-sdk/client-bedrock-runtime',
];
