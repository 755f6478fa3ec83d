// The responder's reader of the business profile: the JSON lib/ writes at synth from the operator's file
// (parse-profile.ts has already reported any problem there, with lines), checked again with the same schema
// so that a hand-edited or truncated file still fails closed. JSON only: the bundle carries no YAML parser.
import { type Profile, profileSchema } from './profile-schema.ts';

export class ProfileJsonError extends Error {
  override readonly name = 'ProfileJsonError';
  constructor(
    readonly fileName: string,
    /** `path: message`, the path dotted as in ProfileIssue. */
    readonly issues: readonly string[],
    options?: ErrorOptions,
  ) {
    super(`[scoped-responder] invalid profile ${fileName}: ${issues.join('; ')}`, options);
  }
}

export function parseProfileJson(text: string, fileName: string): Profile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ProfileJsonError(fileName, [`(root): not JSON: ${(error as Error).message}`], {
      cause: error,
    });
  }
  const result = profileSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new ProfileJsonError(
    fileName,
    result.error.issues.map(
      (issue) =>
        `${issue.path.filter((segment) => typeof segment !== 'symbol').join('.') || '(root)'}: ${issue.message}`,
    ),
  );
}
