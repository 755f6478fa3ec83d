// Cold-start proxy: bundles each handler entry with esbuild exactly as lib/node-handler.ts has CDK do it
// (ESM, minified, platform node, mainFields module,main, createRequire banner, SDK bundled, linked source
// map), then times `await import()` of each bundle in 10 fresh Node processes, next to a minimal
// middy + Powertools logger/metrics handler bundled the same way.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { median, round } from '../lib/stats.ts';
import type { BenchContext, SectionOutput, TargetCheck } from '../lib/types.ts';

const ENTRIES = [
  { name: 'ingress', entry: 'lambda/ingress.handler.ts' },
  { name: 'eum-ingress', entry: 'lambda/eum-ingress.handler.ts' },
  { name: 'responder', entry: 'lambda/responder.handler.ts' },
  { name: 'baseline (middy + logger + metrics)', entry: 'bench/baseline/minimal-handler.ts' },
] as const;

const IMPORTS_PER_BUNDLE = 10;
const TARGET_KB = 350;
const TARGET_IMPORT_MS = 60;
const BANNER_FALLBACK =
  "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

interface BundlingSettings {
  readonly target: string;
  readonly banner: string;
  /** esbuild `alias`: packages replaced in the Lambda bundles only. */
  readonly alias: Readonly<Record<string, string>>;
  /** Left out of the bundles: the Lambda runtime's own SDK provides them. */
  readonly external: readonly string[];
  readonly source: string;
}

/**
 * The settings lib/ hands to CDK: lib/lambda-bundling.ts when it exists (shared with CDK so the two cannot
 * drift), else the values written in lib/node-handler.ts. Loaded by a computed path so that the bench
 * still builds while either file changes.
 */
async function cdkBundling(root: string): Promise<BundlingSettings> {
  const shared = join(root, 'lib/lambda-bundling.ts');
  if (existsSync(shared)) {
    const path = shared;
    const m = (await import(path)) as {
      LAMBDA_TARGET?: string;
      CREATE_REQUIRE_BANNER?: string;
      LAMBDA_ALIASES?: Record<string, string>;
      RUNTIME_PROVIDED_MODULES?: readonly string[];
    };
    return {
      target: m.LAMBDA_TARGET ?? 'node22',
      banner: m.CREATE_REQUIRE_BANNER ?? BANNER_FALLBACK,
      alias: m.LAMBDA_ALIASES ?? {},
      external: m.RUNTIME_PROVIDED_MODULES ?? [],
      source: 'lib/lambda-bundling.ts',
    };
  }
  const source = readFileSync(join(root, 'lib/node-handler.ts'), 'utf8');
  return {
    target: /target:\s*'(node\d+)'/.exec(source)?.[1] ?? 'node22',
    banner: /CREATE_REQUIRE_BANNER\s*=\s*\n?\s*"([^"]+)"/.exec(source)?.[1] ?? BANNER_FALLBACK,
    alias: {},
    external: [],
    source: 'lib/node-handler.ts',
  };
}

interface ImportSample {
  readonly importMs: number;
  readonly wallMs: number;
}

/** One fresh Node process that imports the bundle once and reports how long the import took. */
function importOnce(file: string, nodeOptions: string): Promise<ImportSample> {
  const script =
    'const t = performance.now(); await import(process.argv[1]); ' +
    'process.stdout.write(JSON.stringify({ importMs: performance.now() - t }));';
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, file], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_OPTIONS: nodeOptions,
        AWS_REGION: 'us-east-1',
        AWS_LAMBDA_FUNCTION_NAME: 'bench',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) {
        reject(new Error(`import of ${file} exited ${code}: ${stderr.slice(0, 400)}`));
        return;
      }
      try {
        const { importMs } = JSON.parse(stdout) as { importMs: number };
        resolve({ importMs, wallMs });
      } catch {
        reject(new Error(`import of ${file} printed no timing: ${stdout.slice(0, 200)}`));
      }
    });
  });
}

async function bareNodeWall(): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < IMPORTS_PER_BUNDLE; i++) {
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
      child.once('error', reject);
      child.once('exit', () => resolve());
    });
    samples.push(performance.now() - started);
  }
  return median(samples);
}

function topPackages(metafile: Metafile, count: number): string {
  return [...packageBytes(metafile).entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => `${name} ${Math.round(bytes / 1024)}`)
    .join(', ');
}

/** Bytes of minified output per package (our own code under `lambda/`). */
function packageBytes(metafile: Metafile): Map<string, number> {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined);
  const byPackage = new Map<string, number>();
  if (!output) return byPackage;
  for (const [path, input] of Object.entries(output.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const name = match?.[1] ?? (path.startsWith('lambda/') ? 'lambda/ (our code)' : 'other');
    byPackage.set(name, (byPackage.get(name) ?? 0) + input.bytesInOutput);
  }
  return byPackage;
}

export async function run(ctx: BenchContext): Promise<SectionOutput> {
  const settings = await cdkBundling(ctx.root);
  const { target, banner } = settings;
  // Inside the repository, so that a module left external resolves from node_modules as the runtime's own
  // SDK would in Lambda; removed when the section ends.
  const outRoot = join(ctx.root, 'bench', `.bundles-${process.pid}`);
  mkdirSync(outRoot, { recursive: true });
  try {
    const bareWall = await bareNodeWall();
    const rows: (string | number | null)[][] = [];
    const compositionRows: (string | number | null)[][] = [];
    const largest = new Map<string, { text: string; kb: Map<string, number> }>();
    const loadedExternals = new Map<string, string[]>();
    const measured: {
      name: string;
      minKb: number;
      gzipKb: number;
      importMs: number;
      importNoMapsMs: number;
    }[] = [];
    for (const { name, entry } of ENTRIES) {
      const outfile = join(outRoot, name.split(' ')[0] ?? name, 'index.mjs');
      const result = await build({
        entryPoints: [join(ctx.root, entry)],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target,
        minify: true,
        sourcemap: true,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        banner: { js: banner },
        external: [...settings.external],
        alias: { ...settings.alias },
        metafile: true,
        logLevel: 'silent',
        absWorkingDir: ctx.root,
      });
      const bytes = statSync(outfile).size;
      const gzip = gzipSync(readFileSync(outfile)).byteLength;
      ctx.log(`${name}: ${Math.round(bytes / 1024)} KB, importing ${IMPORTS_PER_BUNDLE}×`);
      const deployed: ImportSample[] = [];
      const plain: ImportSample[] = [];
      for (let i = 0; i < IMPORTS_PER_BUNDLE; i++) {
        // Interleaved, so a noisy moment on the machine hits both variants alike.
        deployed.push(await importOnce(outfile, '--enable-source-maps'));
        plain.push(await importOnce(outfile, ''));
      }
      const m = {
        name,
        minKb: bytes / 1024,
        gzipKb: gzip / 1024,
        importMs: median(deployed.map((s) => s.importMs)),
        importNoMapsMs: median(plain.map((s) => s.importMs)),
        wallMs: median(deployed.map((s) => s.wallMs)),
      };
      measured.push(m);
      rows.push([
        name,
        round(m.minKb),
        round(m.gzipKb),
        round(m.importMs),
        round(m.importNoMapsMs),
        round(m.wallMs),
      ]);
      compositionRows.push([name, topPackages(result.metafile, 6)]);
      // An external imported statically is loaded at init anyway (from node_modules here, from the
      // runtime's SDK in Lambda): it leaves the bundle but not the cold start.
      const staticExternals = new Set(
        Object.values(result.metafile.outputs).flatMap((o) =>
          o.imports
            .filter((i) => i.external && i.kind === 'import-statement')
            .map((i) => i.path)
            .filter((path) =>
              settings.external.some((e) => path === e || path.startsWith(`${e}/`)),
            ),
        ),
      );
      if (staticExternals.size > 0) {
        loadedExternals.set(name, [...staticExternals]);
      }
      largest.set(name, {
        text: topPackages(result.metafile, 4),
        kb: new Map([...packageBytes(result.metafile).entries()].map(([k, v]) => [k, v / 1024])),
      });
    }
    const baseline = measured.at(-1);
    if (!baseline) throw new Error('no bundle measured');
    const handlers = measured.slice(0, -1);
    const ratioRows = handlers.map((m) => [
      m.name,
      round(m.minKb / baseline.minKb),
      round(m.importMs / baseline.importMs),
      round(m.importMs - baseline.importMs),
    ]);
    const targets: TargetCheck[] = handlers.flatMap((m) => [
      {
        target: `${m.name} bundle ≤ ${TARGET_KB} KB minified`,
        met: m.minKb <= TARGET_KB,
        detail: `${round(m.minKb)} KB (${m.minKb <= TARGET_KB ? '' : '+'}${round(((m.minKb - TARGET_KB) / TARGET_KB) * 100)}% vs target); baseline ${round(baseline.minKb)} KB`,
        ...(m.minKb > TARGET_KB && {
          note: `largest inputs (KB): ${largest.get(m.name)?.text ?? 'n/a'}. Closing it: ${cuts(largest.get(m.name)?.kb ?? new Map())}`,
        }),
      },
      {
        target: `${m.name} median fresh import ≤ ${TARGET_IMPORT_MS} ms`,
        met: m.importMs <= TARGET_IMPORT_MS,
        detail: `${round(m.importMs)} ms (baseline ${round(baseline.importMs)} ms, ×${round(m.importMs / baseline.importMs)})`,
        ...(m.importMs > TARGET_IMPORT_MS && {
          note: `${
            loadedExternals.has(m.name)
              ? `${loadedExternals.get(m.name)?.join(', ')} is left out of the bundle but imported statically, so it still loads at init (here from node_modules, unbundled); importing it dynamically on its only path removes it from the cold start. `
              : ''
          }Import time follows what the bundle evaluates at load (module top levels: SDK clients, schemas, embedded data); the size cuts apply here too`,
        }),
      },
    ]);
    const headline = handlers.map(
      (m) =>
        `${m.name}: ${round(m.minKb)} KB minified (${round(m.gzipKb)} KB gzip), median fresh import ${round(m.importMs)} ms — baseline ${round(baseline.minKb)} KB / ${round(baseline.importMs)} ms, ×${round(m.minKb / baseline.minKb)} size, ×${round(m.importMs / baseline.importMs)} import`,
    );
    return {
      headline,
      method:
        `esbuild JS API with the options lib/ gives CDK, read from ${settings.source} (target ${target}, ESM, ` +
        `minify, platform node, mainFields module,main, createRequire banner, SDK bundled, linked source map` +
        `${Object.keys(settings.alias).length > 0 ? `, aliases: ${Object.keys(settings.alias).join(', ')}` : ''}` +
        `${settings.external.length > 0 ? `, left to the runtime's SDK: ${settings.external.join(', ')}` : ''}). ` +
        `Import time: median of ${IMPORTS_PER_BUNDLE} \`await import()\`s, each in a new Node process ` +
        `(${process.version}), with NODE_OPTIONS=--enable-source-maps as deployed and without. ` +
        `A bare \`node -e 0\` process takes ${round(bareWall)} ms wall here. KB = 1,024 bytes.`,
      tables: [
        {
          title: 'Bundles and fresh import times',
          columns: [
            'bundle',
            'minified KB',
            'gzip KB',
            'import median ms (--enable-source-maps)',
            'import median ms (no flag)',
            'process wall median ms',
          ],
          rows,
        },
        {
          title: 'Against the baseline (middy + logger + metrics, same options, same run)',
          columns: ['bundle', 'size ×baseline', 'import ×baseline', 'import ms over baseline'],
          rows: ratioRows,
        },
        {
          title: 'What is in each bundle (largest inputs, KB of minified output)',
          columns: ['bundle', 'packages'],
          rows: compositionRows,
        },
      ],
      targets,
      notes: [
        'A proxy only: Lambda cold start also includes the runtime init and, for the responder, reading and restoring the classifier snapshot the bundling trained (see the classifier section: about 0.1 s here; no training at cold start).',
        `Node here is ${process.version} on x86_64; Lambda runs Node 24 on Graviton arm64.`,
        `esbuild target ${target} is read from ${settings.source} (what CDK will use), not node22: the bundles are what gets deployed.`,
      ],
      data: {
        target,
        settingsSource: settings.source,
        alias: settings.alias,
        external: settings.external,
        bareNodeWallMs: bareWall,
        bundles: measured,
      },
    };
  } finally {
    rmSync(outRoot, { recursive: true, force: true });
  }
}

/** What would take the biggest packages out of a bundle, from what it actually contains (KB per package). */
function cuts(kb: ReadonlyMap<string, number>): string {
  const size = (name: string) => kb.get(name) ?? 0;
  const steps: string[] = [];
  if (size('@aws-sdk/client-s3') > 0) {
    steps.push('import the S3 client only when a payload is rejected (dynamic import)');
  }
  if (size('@aws-sdk/client-bedrock-runtime') > 0) {
    steps.push('import the Bedrock client only when GENERAL_ANSWERER is on');
  }
  if (size('yaml') > 20) {
    steps.push(
      `convert the profile and policy YAML to JSON at synth time and drop the yaml parser (${Math.round(size('yaml'))} KB)`,
    );
  }
  if (size('aws-xray-sdk-core') > 20) {
    steps.push(
      `drop Tracer/X-Ray SDK (${Math.round(size('aws-xray-sdk-core'))} KB) unless tracing stays on`,
    );
  }
  if (size('zod') > 50)
    steps.push(`move the schemas to zod/mini (${Math.round(size('zod'))} KB now)`);
  if (size('lambda/ (our code)') > 80) {
    steps.push(
      `our own code is ${Math.round(size('lambda/ (our code)'))} KB: check what the classifier corpus and policy data embed`,
    );
  }
  steps.push(
    `the SDK core stays (@smithy/core ${Math.round(size('@smithy/core'))} KB with any bundled client), unless the runtime's SDK is used (smaller bundle, slower import per stack notes §5)`,
  );
  return steps.join('; ');
}
