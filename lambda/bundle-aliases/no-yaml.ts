// Stands in for the `yaml` package in the Lambda bundles only (an esbuild alias set in
// lib/lambda-bundling.ts). The deployed responder reads the profile and the policy pack as JSON written at
// synth, so it never parses YAML; but it imports toTrainingSet from core/profile/parse-profile.ts, whose
// YAML reader would otherwise bring the whole parser (~110 KB) into the bundle. Every export fails loudly,
// so a YAML read that sneaks into a handler is an obvious error, not a silent misparse. Tests, the local
// runtime, the CLI and the synth use the real package.
function unavailable(name: string): never {
  throw new Error(
    `[scoped-responder] yaml.${name} is not in the Lambda bundles: lib/ converts YAML to JSON at synth`,
  );
}

export function parse(): never {
  return unavailable('parse');
}

export function parseDocument(): never {
  return unavailable('parseDocument');
}

export function isMap(): never {
  return unavailable('isMap');
}

export function isSeq(): never {
  return unavailable('isSeq');
}

export class LineCounter {
  constructor() {
    unavailable('LineCounter');
  }
}
