// Shared by the local/commands modules: argument errors, the running server's URL, and requests to it
// with an error message that tells a newcomer what to do when nothing is listening.
import { readFile } from 'node:fs/promises';
import type { TrainingSet } from '../../lambda/core/ports.ts';
import {
  ProfileError,
  parseProfile,
  toTrainingSet,
} from '../../lambda/core/profile/parse-profile.ts';
import { DEFAULT_PORT } from './local-defaults.ts';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The local server the commands talk to: `--url`, else `http://localhost:$PORT`. */
export function localServerUrl(flag: string | undefined, env = process.env): string {
  if (flag) return flag.replace(/\/+$/, '');
  const port = env.PORT?.trim() || String(DEFAULT_PORT);
  return `http://localhost:${port}`;
}

export class ServerUnavailableError extends Error {
  override readonly name = 'ServerUnavailableError';
}

/** JSON request to the running local server; a refused connection becomes a readable hint. */
export async function callLocal<T>(
  baseUrl: string,
  path: string,
  init: { readonly method?: string; readonly body?: unknown } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      ...(init.body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) }),
    });
  } catch (error) {
    throw new ServerUnavailableError(
      `no local server at ${baseUrl} (start it with \`npm start\`, or pass --url)`,
      { cause: error },
    );
  }
  const text = await response.text();
  const body: unknown = text === '' ? undefined : JSON.parse(text);
  if (!response.ok) {
    const message = (body as { error?: string } | undefined)?.error ?? `HTTP ${response.status}`;
    throw new Error(`${path}: ${message}`);
  }
  return body as T;
}

/** Runs a command body and turns the expected failures into a message and exit code 1 (2 for usage). */
export async function runCommand(
  help: string,
  body: () => Promise<number>,
  stderr: (text: string) => void = (text) => process.stderr.write(text),
): Promise<number> {
  // The SDK's notice that its 2027 releases need Node 22 is noise in every command's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    return await body();
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      stderr(`${(error as Error).message}\n\n${help}\n`);
      return 2;
    }
    stderr(`${(error as Error).message}\n`);
    return 1;
  }
}

/** A profile's problems on stderr, one `<file>:<line> <field path>: <message>` per line, then their count. */
export function printProfileIssues(
  file: string,
  issues: readonly { line: number; path: string; message: string }[],
  stderr: (text: string) => void = (text) => process.stderr.write(text),
): void {
  for (const issue of issues)
    stderr(`${file}:${issue.line} ${issue.path || '(root)'}: ${issue.message}\n`);
  stderr(`${issues.length} problem(s) in ${file}\n`);
}

/** A file's text; an unreadable file becomes an error that names it and why (ENOENT, EACCES…). */
export async function readTextFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

/**
 * A profile file as the classifier's training set. An unreadable file throws (runCommand prints
 * it); an invalid profile prints its problems and gives undefined, for the command to exit 1.
 */
export async function readTrainingSet(
  file: string,
  stderr: (text: string) => void = (text) => process.stderr.write(text),
): Promise<TrainingSet | undefined> {
  const text = await readTextFile(file);
  try {
    return toTrainingSet(parseProfile(text, file));
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    printProfileIssues(file, error.issues, stderr);
    return undefined;
  }
}
