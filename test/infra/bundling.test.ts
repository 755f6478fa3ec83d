// The one test that runs esbuild: every handler bundles as ESM with the createRequire banner, the
// responder's bundle carries the profile and the policy pack, and each bundle loads in plain Node.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
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

  it('copies the profile and the policy pack next to the responder handler only', () => {
    const withProfile = [...assetDirs.values()].filter((dir) =>
      existsSync(join(dir, 'profile.yaml')),
    );
    expect(withProfile).toHaveLength(1);
    const [dir] = withProfile as [string];
    expect(readFileSync(join(dir, 'profile.yaml'), 'utf8')).toBe(
      readFileSync(files.profilePath, 'utf8'),
    );
    expect(readFileSync(join(dir, 'policy.yaml'), 'utf8')).toBe(
      readFileSync(files.policyPath, 'utf8'),
    );
  });

  it('bundles the AWS SDK instead of relying on the runtime copy', () => {
    for (const dir of assetDirs.values()) {
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
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
        PROFILE_PATH: join(dir, 'profile.yaml'),
        POLICY_PATH: join(dir, 'policy.yaml'),
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
});
