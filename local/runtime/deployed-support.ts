// For commands run against a deployed stack (`--table`): a DynamoDB client from the usual AWS credential
// chain, and the user-hash salt, which the CLI needs to find a user's items without storing their number.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SecretsManagerSecretSource } from '../../lambda/adapters/secrets-manager-secret-source.ts';
import { UsageError } from './cli-support.ts';

export function deployedDocumentClient(region: string | undefined): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(region ? { region } : {}), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** `--salt`, else `$USER_HASH_SALT`, else the `userHashSalt` of the secret named by `--secret-arn`. */
export async function resolveSalt(values: {
  readonly salt?: string | undefined;
  readonly 'secret-arn'?: string | undefined;
}): Promise<string> {
  if (values.salt) return values.salt;
  const fromEnv = process.env.USER_HASH_SALT?.trim();
  if (fromEnv) return fromEnv;
  const arn = values['secret-arn'] ?? process.env.SECRET_ARN?.trim();
  if (arn) {
    const { userHashSalt } = await new SecretsManagerSecretSource(arn).get();
    if (userHashSalt) return userHashSalt;
    throw new Error(`the secret ${arn} has no userHashSalt`);
  }
  throw new UsageError(
    'a user key is hashed before lookup: pass --salt <salt>, set USER_HASH_SALT, or --secret-arn <arn>',
  );
}

export const DEPLOYED_OPTIONS_HELP = `  --table <name>       a deployed table instead of the local server (AWS credentials from the usual chain)
  --region <region>    AWS region (default: from the environment)
  --salt <salt>        user-hash salt for --table (or USER_HASH_SALT, or --secret-arn)
  --secret-arn <arn>   read the salt from the deployed secret`;
