// The one test that runs esbuild: every handler bundles as ESM with the createRequire banner, the
// responder's bundle carries the profile and the policy pack as JSON, and each bundle loads in plain Node.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainClassifier } from '../../lambda/core/intent/classifier.ts';
import { corpusLines } from '../../lambda/core/intent/corpus/index.ts';
import { phrasesByKey } from '../../lambda/core/intent/phrasebook/index.ts';
import { restoreClassifier } from '../../lambda/core/intent/snapshot.ts';
import { parsePolicyPackDocument } from '../../lambda/core/policy/policy-pack.ts';
import { parseProfileJson } from '../../lambda/core/profile/load-profile-json.ts';
import { parseProfile } from '../../lambda/core/profile/parse-profile.ts';
import { toTrainingSet } from '../../lambda/core/profile/training-set.ts';
import { RUNTIME_PROVIDED_MODULES } from '../../lib/lambda-bundling.ts';
import { CREATE_REQUIRE_BANNER } from '../../lib/node-handler.ts';
import { buildStack, fixtureFiles } from './build-stack.ts';

describe('bundled assets', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'scoped-responder-bundle-'));
  const files = fixtureFiles();
  /** Asset directory of each function, by construct id. */
  const assetDirs = new Map<string, string>();

  beforeAll(() => {
    const { app, stack } = buildStack({
      bundling: true,
      outdir,
      responder: { ...files, eumSocial: {} },
    });
    app.synth();
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    for (const [logicalId, fn] of Object.entries(functions)) {
      const key = (fn as { Properties: { Code: { S3Key: string } } }).Properties.Code.S3Key;
      assetDirs.set(logicalId, join(outdir, `asset.${key.replace(/\.zip$/, '')}`));
    }
  }, 120_000);

  it('builds one ESM bundle with a source map and the createRequire banner per function', () => {
    expect(assetDirs.size).toBe(3);
    for (const dir of assetDirs.values()) {
      const names = readdirSync(dir);
      expect(names).toEqual(expect.arrayContaining(['index.mjs', 'index.mjs.map']));
      expect(readFileSync(join(dir, 'index.mjs'), 'utf8').startsWith(CREATE_REQUIRE_BANNER)).toBe(
        true,
      );
    }
  });

  it('puts the validated profile and policy pack, as JSON, next to the responder handler only', () => {
    const withProfile = [...assetDirs.values()].filter((dir) =>
      existsSync(join(dir, 'profile.json')),
    );
    expect(withProfile).toHaveLength(1);
    const [dir] = withProfile as [string];
    expect(JSON.parse(readFileSync(join(dir, 'profile.json'), 'utf8'))).toEqual(
      parseProfile(readFileSync(files.profilePath, 'utf8'), files.profilePath),
    );
    expect(JSON.parse(readFileSync(join(dir, 'policy.json'), 'utf8'))).toEqual(
      parsePolicyPackDocument(readFileSync(files.policyPath, 'utf8')),
    );
    expect(readdirSync(dir).filter((name) => /\.ya?ml$/.test(name))).toEqual([]);
  });

  it('trains the classifier at bundling, from the bundled profile, for the responder only', () => {
    const withSnapshot = [...assetDirs.values()].filter((dir) =>
      existsSync(join(dir, 'classifier.bin')),
    );
    expect(withSnapshot).toHaveLength(1);
    const [dir] = withSnapshot as [string];
    const set = toTrainingSet(
      parseProfileJson(readFileSync(join(dir, 'profile.json'), 'utf8'), 'profile.json'),
    );
    const restored = restoreClassifier(readFileSync(join(dir, 'classifier.bin')), set);
    const trained = trainClassifier(set);
    expect(restored.version).toBe(trained.version);
    for (const text of [
      'where is my order?',
      'write me a poem about the sea',
      'kak paketku belum sampai',
    ]) {
      expect(restored.classify(text)).toEqual(trained.classify(text));
    }
  });

  it('leaves the training code, corpus and phrasebook out of the responder (it only restores)', () => {
    const dir = [...assetDirs.values()].find((candidate) =>
      existsSync(join(candidate, 'classifier.bin')),
    ) as string;
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
    // A few lines of each built-in collection, in each language: none may be in the bundle.
    const samples = [
      ...['en', 'id', 'es', 'pt'].map((lang) => corpusLines(lang)[0] as string),
      ...[...phrasesByKey()]
        .slice(0, 3)
        .map(([, phrases]) => (phrases[0] as { text: string }).text),
    ];
    for (const text of samples) expect(code).not.toContain(JSON.stringify(text).slice(1, -1));
    expect(code).toContain('SRCS'); // the snapshot reader is there
  });

  it('bundles the AWS SDK, except the clients a rare path imports on demand from the runtime', () => {
    for (const dir of assetDirs.values()) {
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
      const fromRuntime = [...code.matchAll(/import\(\s*["'](@aws-sdk\/[^"']+)["']\s*\)/g)].map(
        (match) => match[1],
      );
      for (const name of fromRuntime) expect(RUNTIME_PROVIDED_MODULES).toContain(name);
    }
  });

  it('carries neither the YAML parser, the X-Ray SDK, the default credential chain nor the event-stream codec', () => {
    for (const dir of assetDirs.values()) {
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      // Marker strings of each package's code, which minification keeps.
      expect(code).not.toContain('YAMLParseError');
      expect(code).not.toContain('AWS_XRAY_DAEMON_ADDRESS');
      expect(code).not.toContain('defaultProvider::fromSSO');
      expect(code).not.toContain('Truncated event message received');
    }
  });

  it('loads each bundle in a fresh Node process (ESM + require shim work together)', () => {
    for (const dir of assetDirs.values()) {
      const env = {
        PATH: process.env.PATH,
        QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/111122223333/q.fifo',
        SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:s',
        REJECTED_BUCKET: 'bucket',
        TABLE_NAME: 'table',
        PROFILE_PATH: join(dir, 'profile.json'),
        POLICY_PATH: join(dir, 'policy.json'),
        AWS_REGION: 'eu-west-1',
        AWS_EC2_METADATA_DISABLED: 'true',
      };
      const output = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(join(dir, 'index.mjs'))}); console.log(typeof m.handler);`,
        ],
        { env, encoding: 'utf8', timeout: 60_000 },
      );
      expect(output.trim()).toBe('function');
    }
  }, 120_000);

  /** Loads the bundled responder in a fresh process and hands it an empty batch; both output streams. */
  function startBundledResponder(env: Record<string, string> = {}) {
    const dir = [...assetDirs.values()].find((candidate) =>
      existsSync(join(candidate, 'profile.json')),
    ) as string;
    // Both streams: Powertools writes warnings and errors to stderr.
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(join(dir, 'index.mjs'))});
         const result = await m.handler({ Records: [] }, { functionName: 'responder', getRemainingTimeInMillis: () => 60000 });
         console.log(JSON.stringify({ result }));`,
      ],
      {
        env: {
          PATH: process.env.PATH,
          TABLE_NAME: 'table',
          SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:s',
          PROFILE_PATH: join(dir, 'profile.json'),
          POLICY_PATH: join(dir, 'policy.json'),
          CLASSIFIER_PATH: join(dir, 'classifier.bin'),
          AWS_REGION: 'eu-west-1',
          AWS_EC2_METADATA_DISABLED: 'true',
          POWERTOOLS_METRICS_DISABLED: 'true',
          ...env,
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  }

  it('starts the bundled responder from its JSON profile, policy pack and classifier snapshot', () => {
    const { status, output } = startBundledResponder();
    expect(status).toBe(0);
    expect(output).not.toMatch(/failed to load|"level":"(ERROR|WARN)"/);
    // The snapshot written at bundling matched the bundled profile (a mismatch would log an error).
    expect(output).toContain('"message":"classifier restored"');
    expect(output).toContain('{"result":{"batchItemFailures":[]}}');
  }, 60_000);

  it('logs why when the snapshot is missing, and starts anyway to refuse every message', () => {
    const { status, output } = startBundledResponder({
      CLASSIFIER_PATH: '/nonexistent/classifier.bin',
    });
    expect(status).toBe(0);
    expect(output).toMatch(/"level":"ERROR","message":"classifier failed to load"/);
    expect(output).toContain(
      'cannot read the classifier snapshot /nonexistent/classifier.bin: ENOENT',
    );
    expect(output).toContain('{"result":{"batchItemFailures":[]}}');
  }, 60_000);
});
