// Stands in for @aws-sdk/credential-provider-node in the Lambda bundles only (an esbuild alias set in
// lib/lambda-bundling.ts); tests and the local runtime use the real default chain from node_modules.
//
// Why: Lambda puts the execution role's credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
// AWS_SESSION_TOKEN, so in a function the default chain always stops at its first link, fromEnv (AWS_PROFILE
// is never set there). The other links (SSO, ini files, process, web identity, ECS/IMDS) never run, yet they
// bring @aws-sdk/nested-clients (STS/SSO clients) and the file loaders into every bundle: ~100 KB of minified
// code per function. This module is that first link alone, memoised as the chain memoises it (Lambda's
// credentials carry no expiry, so the chain keeps them for the life of the execution environment).
import { fromEnv } from '@aws-sdk/credential-provider-env';

type FromEnvInit = Parameters<typeof fromEnv>[0];
type AwsCredentialIdentity = Awaited<ReturnType<ReturnType<typeof fromEnv>>>;

/** What the SDK clients' runtime config calls: a provider of the environment's credentials. */
export function defaultProvider(init?: FromEnvInit): () => Promise<AwsCredentialIdentity> {
  const read = fromEnv(init);
  let pending: Promise<AwsCredentialIdentity> | undefined;
  return () => {
    pending ??= read().catch((error: unknown) => {
      // Not cached: a later call reads the environment again, as the real chain would retry.
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/** The same contract as the real module's exports of these names (only an expiring identity refreshes). */
export const credentialsWillNeedRefresh = (credentials?: AwsCredentialIdentity): boolean =>
  credentials?.expiration !== undefined;

export const credentialsTreatedAsExpired = (credentials?: AwsCredentialIdentity): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
