// Loads a business profile from YAML or JSON text and reports every problem with its field path and line.
import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { type Profile, profileSchema } from './profile-schema.ts';

export interface ProfileIssue {
  /** Dotted path, e.g. `intents.3.title.en`. */
  readonly path: string;
  /** 1-based line in the file; the nearest enclosing field's line when the field itself is missing. */
  readonly line: number;
  readonly message: string;
}

export class ProfileError extends Error {
  override readonly name = 'ProfileError';
  constructor(
    readonly fileName: string,
    readonly issues: readonly ProfileIssue[],
    options?: ErrorOptions,
  ) {
    super(
      `[scoped-responder] invalid profile ${fileName}:\n${issues
        .map((issue) => `  ${fileName}:${issue.line} ${issue.path || '(root)'}: ${issue.message}`)
        .join('\n')}`,
      options,
    );
  }
}

type PathSegment = string | number;

/** Walks the YAML tree along a zod issue path; keys point at their key token, so the line is the field's. */
function offsetOf(root: unknown, path: readonly PathSegment[]): number {
  let node: unknown = root;
  let offset = (root as Node | null)?.range?.[0] ?? 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => String((item.key as { value?: unknown } | null)?.value) === String(segment),
      );
      if (!pair) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

export function parseProfile(text: string, fileName: string): Profile {
  const lineCounter = new LineCounter();
  // JSON is YAML 1.2, so one parser (and one way to find lines) serves both formats.
  const doc = parseDocument(text, { keepSourceTokens: true, lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ProfileError(
      fileName,
      doc.errors.map((error) => ({
        path: '',
        line: error.linePos?.[0].line ?? 1,
        message: error.message.split('\n')[0] ?? error.code,
      })),
    );
  }
  const result = profileSchema.safeParse(doc.toJS());
  if (result.success) return result.data;
  throw new ProfileError(
    fileName,
    result.error.issues.map((issue) => {
      const path = issue.path.filter(
        (segment): segment is PathSegment => typeof segment !== 'symbol',
      );
      // An unknown key is best shown on its own line, not on its parent's.
      const firstKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
      const located = firstKey === undefined ? path : [...path, firstKey];
      return {
        path: path.join('.'),
        line: lineCounter.linePos(offsetOf(doc.contents, located)).line,
        message: issue.message,
      };
    }),
  );
}

// Kept in its own module, which imports no YAML parser, so the Lambda bundle can use it.
export { toTrainingSet } from './training-set.ts';
