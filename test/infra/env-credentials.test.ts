// The credential alias of the Lambda bundles (lib/lambda-bundling.ts): a client bundled with it signs its
// requests with the credentials Lambda puts in the environment, and the default chain's other links
// (nested STS/SSO clients) are no longer in the bundle.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_REQUIRE_BANNER, LAMBDA_TARGET, lambdaAliases } from '../../lib/lambda-bundling.ts';
import { PACKAGE_ROOT } from '../../lib/node-handler.ts';

const run = promisify(execFile);

describe('Lambda bundles take credentials from the environment', () => {
  const outfile = join(mkdtempSync(join(tmpdir(), 'scoped-responder-creds-')), 'index.mjs');
  const requests: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    requests.push(request.headers);
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      // The client checks the body's MD5 in the answer.
      const md5 = createHash('md5').update('signed?').digest('hex');
      response.end(JSON.stringify({ MessageId: 'm-1', MD5OfMessageBody: md5 }));
    });
  });
  let inputs: string[] = [];

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const result = await build({
      entryPoints: [join(PACKAGE_ROOT, 'test/infra/fixtures/send-one-sqs-message.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: LAMBDA_TARGET,
      mainFields: ['module', 'main'],
      banner: { js: CREATE_REQUIRE_BANNER },
      alias: lambdaAliases(PACKAGE_ROOT),
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: PACKAGE_ROOT,
    });
    inputs = Object.keys(result.metafile.inputs);
  }, 60_000);

  afterAll(() => {
    server.close();
  });

  it('leaves the rest of the default chain out of the bundle', () => {
    expect(inputs.some((path) => path.includes('bundle-aliases/env-credential-provider'))).toBe(
      true,
    );
    for (const gone of ['credential-provider-node', 'nested-clients', 'credential-provider-ini']) {
      expect(inputs.filter((path) => path.includes(`@aws-sdk/${gone}/`))).toEqual([]);
    }
    // The client still signs and sends below with the event-stream codec aliased away.
    expect(inputs.some((path) => path.includes('bundle-aliases/no-event-streams'))).toBe(true);
    expect(inputs.filter((path) => path.includes('submodules/event-streams/'))).toEqual([]);
  });

  it('signs a request with AWS_ACCESS_KEY_ID, the secret and the session token', async () => {
    const { port } = server.address() as AddressInfo;
    await run(process.execPath, [outfile, `http://127.0.0.1:${port}`], {
      env: {
        PATH: process.env.PATH,
        AWS_ACCESS_KEY_ID: 'AKIDLAMBDAENV',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'session-token-from-lambda',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      timeout: 30_000,
    });
    expect(requests).toHaveLength(1);
    const [headers] = requests as [IncomingHttpHeaders];
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDLAMBDAENV\/\d{8}\/eu-west-1\/sqs\/aws4_request, SignedHeaders=.*x-amz-security-token.*, Signature=[0-9a-f]{64}$/,
    );
    expect(headers['x-amz-security-token']).toBe('session-token-from-lambda');
  }, 60_000);

  it('fails without environment credentials instead of looking elsewhere', async () => {
    const { port } = server.address() as AddressInfo;
    const before = requests.length;
    await expect(
      run(process.execPath, [outfile, `http://127.0.0.1:${port}`], {
        env: { PATH: process.env.PATH, AWS_EC2_METADATA_DISABLED: 'true' },
        timeout: 30_000,
      }),
    ).rejects.toThrow(/environment variable credentials/);
    expect(requests).toHaveLength(before);
  }, 60_000);
});
