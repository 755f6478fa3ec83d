// Pairs request frames with topics, so one frame ("write a poem about …") is seen with everyday,
// shopping and banking topics alike: the model should learn that the request, not the topic, is out of scope.

/** Frame i is filled with `perFrame` topics, walking the topic list with a stride so pairs vary. */
export function compose(
  frames: readonly string[],
  topics: readonly string[],
  perFrame: number,
): string[] {
  const lines: string[] = [];
  for (const [i, frame] of frames.entries()) {
    for (let j = 0; j < perFrame; j++) {
      const topic = topics[(i * 7 + j * 3) % topics.length] as string;
      lines.push(frame.replace('{t}', topic));
    }
  }
  return lines;
}

/** Sections of several parts in one: a section named in more than one part keeps all its lines. */
export function mergeSections(
  ...parts: readonly Readonly<Record<string, readonly string[]>>[]
): Record<string, readonly string[]> {
  const out: Record<string, string[]> = {};
  for (const part of parts) {
    for (const [name, lines] of Object.entries(part)) out[name] = [...(out[name] ?? []), ...lines];
  }
  return out;
}
