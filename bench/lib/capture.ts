// Counts (and swallows) what handlers write to stdout while a benchmark loop runs: Powertools logs and EMF
// metric blobs go there, and their bytes are what CloudWatch Logs ingests per invocation. stderr is
// swallowed too (Powertools warnings would flood the terminal), and counted separately.

export interface StdoutCapture {
  /** stdout bytes written since start or the last reset(). */
  bytes(): number;
  stderrBytes(): number;
  reset(): void;
  /** Restores stdout and stderr. */
  stop(): void;
}

/** The real stderr, for progress lines while a capture is active. */
export const writeProgress: (text: string) => boolean = process.stderr.write.bind(process.stderr);

function swallow(stream: NodeJS.WriteStream, count: (n: number) => void): () => void {
  const original = stream.write;
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    count(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength);
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof stream.write;
  return () => {
    stream.write = original;
  };
}

export function captureStdout(): StdoutCapture {
  let out = 0;
  let err = 0;
  const restoreOut = swallow(process.stdout, (n) => {
    out += n;
  });
  const restoreErr = swallow(process.stderr, (n) => {
    err += n;
  });
  return {
    bytes: () => out,
    stderrBytes: () => err,
    reset: () => {
      out = 0;
      err = 0;
    },
    stop: () => {
      restoreOut();
      restoreErr();
    },
  };
}
