// Classifier benchmark: our scope classifier against the NLP.js baseline on the same profiles, dev
// files and built-in out-of-scope corpus. `npm run bench` calls benchClassifier(); run alone it prints JSON.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Tuning } from '../lambda/core/intent/classifier.ts';
import { corpusLines, OUT_OF_SCOPE_CORPUS } from '../lambda/core/intent/corpus/index.ts';
import type { TrainingSet } from '../lambda/core/ports.ts';
import { LAMBDA_TARGET } from '../lib/lambda-bundling.ts';
import {
  type EvalLine,
  gateThreshold,
  loadTrainingSet,
  parseEvalLines,
  percentile,
} from '../local/commands/eval.ts';
import { median } from './lib/stats.ts';

export interface FileFigures {
  readonly n: number;
  readonly inN: number;
  readonly outN: number;
  /** null when the file has no lines of that kind. */
  readonly inAnswered: number | null;
  readonly intentAccuracy: number | null;
  readonly outRefused: number | null;
}

export interface EngineFigures {
  readonly engine: 'scoped-responder' | typeof WITHOUT_DOMAIN_ENGINE | 'nlpjs';
  readonly trainMs: number;
  /** CPU time of training (user + system): steadier than wall time on a shared machine. */
  readonly trainCpuMs: number;
  readonly heapUsedMb: number;
  /**
   * Per line, the fastest of three calls after WARM_UP_CALLS untimed calls cycled over the lines: the
   * steady state a warm Lambda serves, measured as `scoped-responder eval` measures it; the median
   * over TIMED_PASSES such passes. `firstPassP99` is
   * the same measure on the first pass, before the warm-up: the code is still being optimised then,
   * so it reads higher (the first messages of a container; bench/classifier-cold.ts times the very first).
   */
  readonly latencyUs: { readonly p50: number; readonly p99: number; readonly firstPassP99: number };
  readonly overall: FileFigures;
  readonly byFile: Readonly<Record<string, FileFigures>>;
  /** Every dev line of the profile, by its `lang`. */
  readonly byLang: Readonly<Record<string, FileFigures>>;
  /**
   * The in-scope dev lines again with typing noise: one slip in one word, or two words glued; and
   * every dev line (in and out of scope) wrapped in a greeting and a thanks, followed by an order,
   * invoice or account reference, beside a context sentence, or after a customer's statement.
   */
  readonly noisy: {
    readonly slip: FileFigures;
    readonly glued: FileFigures;
    readonly wrapped: FileFigures;
    readonly referenced: FileFigures;
    /** Every dev line with a context sentence before or after it. */
    readonly context: FileFigures;
    /** Every dev line after a statement about a payment, an order or an account. */
    readonly statement: FileFigures;
  };
}

export interface ColdStartFigures {
  /** `none`: the same modules and profile loaded, no classifier (the memory baseline). */
  readonly mode: 'train' | 'restore' | 'none';
  /** Median of the runs, each in a fresh process. */
  readonly ms: number;
  readonly runsMs: readonly number[];
  readonly heapMb: number;
  /** The largest peak resident set of the runs. */
  readonly peakRssMb: number;
}

export interface ClassifierBench {
  readonly profiles: Readonly<Record<string, readonly EngineFigures[]>>;
  /** Per profile: the classifier ready at cold start, trained vs restored from its snapshot. */
  readonly coldStart: Readonly<Record<string, { snapshotMb: number; modes: ColdStartFigures[] }>>;
}

const COLD_RUNS = 3;
const REPO = resolve(import.meta.dirname, '..');

/** Trains once to write the snapshot, then times `train` and `restore` cold starts in fresh processes. */
function benchColdStart(profilePath: string): { snapshotMb: number; modes: ColdStartFigures[] } {
  const dir = mkdtempSync(join(tmpdir(), 'scoped-responder-cold-'));
  try {
    const snapshot = join(dir, 'classifier.bin');
    const node = (args: string[]) =>
      execFileSync(process.execPath, ['--import', 'tsx', ...args], {
        encoding: 'utf8',
        cwd: REPO,
      });
    node(['bin/scoped-responder.js', 'train', '--profile', profilePath, '--out', snapshot]);
    const modes = (['train', 'restore', 'none'] as const).map((mode) => {
      const runs = Array.from(
        { length: COLD_RUNS },
        () =>
          JSON.parse(node(['bench/classifier-cold.ts', mode, profilePath, snapshot])) as {
            ms: number;
            heapMb: number;
            peakRssMb: number;
          },
      );
      const sorted = runs.map((r) => r.ms).sort((a, b) => a - b);
      return {
        mode,
        ms: sorted[Math.floor(sorted.length / 2)] as number,
        runsMs: runs.map((r) => r.ms),
        heapMb: Math.max(...runs.map((r) => r.heapMb)),
        peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
      };
    });
    return { snapshotMb: Math.round(statSync(snapshot).size / 1e5) / 10, modes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Training tuning that leaves out every phrasebook domain but the common one (greetings, thanks,
 * talk to a person): the dev profiles as a business in no phrasebook trade would be trained
 * (no domain's closeness reaches an infinite floor).
 */
export const WITHOUT_DOMAIN: Partial<Tuning> = {
  phrasebookDomainFloor: Number.POSITIVE_INFINITY,
};
export const WITHOUT_DOMAIN_ENGINE = 'scoped-responder, no phrasebook domain';

export interface Engine {
  readonly name: EngineFigures['engine'];
  train(
    set: TrainingSet,
  ): Promise<(text: string) => Promise<{ answered: boolean; intent: string | null }>>;
}

type ClassifierModule = typeof import('../lambda/core/intent/classifier.ts');
let deployed: Promise<ClassifierModule> | undefined;

/**
 * The classifier module as the Lambda runs it: bundled and minified by esbuild with the target lib/
 * gives CDK. It is not the same code as tsx runs, and it classifies about 20 % faster (bank dev
 * lines, alternating runs: p50 180-193 against 207-228 µs). Probably because a bundle's top-level
 * `const` and `let` become `var`, which V8 reads without a temporal-dead-zone check.
 */
function deployedClassifier(): Promise<ClassifierModule> {
  deployed ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scoped-responder-classifier-'));
    const outfile = join(dir, 'classifier.mjs');
    await build({
      entryPoints: [join(REPO, 'lambda/core/intent/classifier.ts')],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      target: LAMBDA_TARGET,
      outfile,
      logLevel: 'error',
    });
    try {
      return (await import(pathToFileURL(outfile).href)) as ClassifierModule;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return deployed;
}

/** Our classifier as deployed (deployedClassifier), trained as committed or with other tuning. */
function ourEngine(name: EngineFigures['engine'], tuning: Partial<Tuning> = {}): Engine {
  return {
    name,
    async train(set) {
      const { trainClassifierWith, isAnswered } = await deployedClassifier();
      const classifier = trainClassifierWith(set, tuning);
      const threshold = gateThreshold(set);
      return async (text) => {
        const p = classifier.classify(text);
        return { answered: isAnswered(p, threshold), intent: p.intent };
      };
    },
  };
}

const ours = ourEngine('scoped-responder');
const oursWithoutDomain = ourEngine(WITHOUT_DOMAIN_ENGINE, WITHOUT_DOMAIN);

interface NlpLike {
  use(plugin: unknown): void;
  addLanguage(lang: string): void;
  addDocument(lang: string, text: string, intent: string): void;
  train(): Promise<void>;
  process(text: string): Promise<{ intent: string; score: number }>;
}

/** NLP.js 4 with its language packages, trained on the same examples plus our corpus as an `__out__` intent. */
const nlpjs: Engine = {
  name: 'nlpjs',
  async train(set) {
    const require = createRequire(import.meta.url);
    const { Nlp } = require('@nlpjs/nlp') as { Nlp: new (settings: object) => NlpLike };
    const packs: Record<string, string> = {
      en: '@nlpjs/lang-en',
      id: '@nlpjs/lang-id',
      es: '@nlpjs/lang-es',
      pt: '@nlpjs/lang-pt',
    };
    const nlp = new Nlp({
      languages: set.languages,
      autoSave: false,
      autoLoad: false,
      nlu: { log: false },
    });
    for (const lang of set.languages) {
      const pack = packs[lang];
      if (!pack) continue;
      const exports = require(pack) as Record<string, unknown>;
      const plugin = Object.entries(exports).find(([k]) => /^Lang[A-Z][a-z]$/.test(k))?.[1];
      if (plugin) nlp.use(plugin);
    }
    for (const intent of set.intents) {
      for (const [lang, texts] of Object.entries(intent.examples)) {
        for (const text of texts) nlp.addDocument(lang, text, intent.id);
      }
    }
    for (const lang of Object.keys(OUT_OF_SCOPE_CORPUS)) {
      if (!set.languages.includes(lang)) continue;
      for (const text of corpusLines(lang)) nlp.addDocument(lang, text, '__out__');
    }
    await nlp.train();
    const threshold = gateThreshold(set);
    return async (text) => {
      const r = await nlp.process(text);
      const intent = r.intent === 'None' || r.intent === '__out__' ? null : r.intent;
      return { answered: intent !== null && r.score >= threshold, intent };
    };
  },
};

/** A small deterministic pick from a seed, so every engine and every run sees the same noisy text. */
function pick(seed: number, n: number): number {
  return (Math.imul(seed + 1, 2654435761) >>> 0) % n;
}

/**
 * One typing slip in one word of four letters or more: swapped neighbours, a dropped letter, a
 * doubled letter or a wrong one (the next letter of the alphabet), chosen by the seed.
 */
export function withSlip(text: string, seed: number): string {
  const words = text.split(' ');
  const candidates = words.flatMap((w, i) => (/^\p{L}{4,}$/u.test(w) ? [i] : []));
  if (candidates.length === 0) return text;
  const at = candidates[pick(seed, candidates.length)] as number;
  const w = words[at] as string;
  const i = 1 + pick(seed + 7, w.length - 2);
  const next = String.fromCharCode(((w.toLowerCase().charCodeAt(i) - 97 + 1 + 26) % 26) + 97);
  const slips = [
    w.slice(0, i) + w.charAt(i + 1) + w.charAt(i) + w.slice(i + 2),
    w.slice(0, i) + w.slice(i + 1),
    w.slice(0, i) + w.charAt(i) + w.slice(i),
    w.slice(0, i) + next + w.slice(i + 1),
  ];
  words[at] = slips[pick(seed + 13, slips.length)] as string;
  return words.join(' ');
}

/** Two neighbouring words written without the space between them, chosen by the seed. */
export function withGluedPair(text: string, seed: number): string {
  const words = text.split(' ');
  if (words.length < 2) return text;
  const at = pick(seed, words.length - 1);
  words.splice(at, 2, `${words[at]}${words[at + 1]}`);
  return words.join(' ');
}

/** Openings and closings customers write around a request, by language (the bench's own wording). */
const PLEASANTRIES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  en: [
    ['Hi there! ', ' Thanks a lot.'],
    ['Hello, good morning. ', ' Thank you!'],
    ['Hey, ', ' thanks in advance'],
    ['Hi! Thanks for getting back to me. ', ' Have a nice day.'],
    ['Good morning, hope you are well. ', ' Kind regards, Sam Taylor'],
  ],
  id: [
    ['Halo kak, ', ' makasih ya'],
    ['Selamat pagi min, ', ' terima kasih banyak'],
    ['Permisi kak, ', ' makasih sebelumnya'],
    ['Halo kak, mau tanya. ', ' Ditunggu ya kak, makasih'],
  ],
  es: [
    ['Hola, buenos días. ', ' Gracias.'],
    ['¡Hola! ', ' muchas gracias'],
    ['Hola, espero que estés bien. ', ' Que tengas un buen día.'],
  ],
  pt: [
    ['Oi, bom dia! ', ' Obrigado.'],
    ['Olá, ', ' valeu'],
    ['Oi, tudo bem? ', ' Tenha um bom dia.'],
  ],
};

/** The text inside a greeting and a thanks in its language (English for others), chosen by the seed. */
export function withPleasantries(text: string, seed: number, lang: string): string {
  const forms = PLEASANTRIES[lang] ?? (PLEASANTRIES.en as readonly (readonly [string, string])[]);
  const [open, close] = forms[pick(seed, forms.length)] as readonly [string, string];
  return `${open}${text}${close}`;
}

/**
 * References customers paste beside a request, by language (the bench's own wording): as a sentence
 * of its own, on a new line, or glued to the request without punctuation but with a label.
 */
const REFERENCES: Readonly<Record<string, readonly string[]>> = {
  en: [
    ' Order number 48213.',
    '\nOrder #48213',
    ' my order number is 48213',
    ', invoice no. 2291',
    ' Account number 1234567890.',
    ' tracking number JX8812345',
  ],
  id: [' No. pesanan 48213', ' no resi JX8812345', '. Nomor rekening 1234567890'],
  es: [' Pedido #4821.', ' numero de pedido 48213', '\nCuenta 1234567890'],
  pt: [' Pedido nº 4821.', ' número do pedido 48213', '\nConta 12345-6'],
};

/** The text with a reference of its language after it (English for others), chosen by the seed. */
export function withReference(text: string, seed: number, lang: string): string {
  const forms = REFERENCES[lang] ?? (REFERENCES.en as readonly string[]);
  return `${text}${forms[pick(seed, forms.length)] as string}`;
}

/**
 * Sentences that tell the customer's situation and ask for nothing, by language (the bench's own
 * wording, none of them used while the context reading was built): one goes before or after a line.
 */
const CONTEXT_SENTENCES: Readonly<Record<string, readonly string[]>> = {
  en: [
    "I'm asking from my phone at the airport.",
    'My neighbour told me to message you here.',
    'It has been a long week.',
    'This is my first time writing here.',
    'We are moving house next month.',
    'I tried the app first but it kept crashing.',
  ],
  id: [
    'Saya lagi di kantor sekarang.',
    'Ini pertama kali saya chat di sini.',
    'Kemarin saya sudah coba lewat aplikasi.',
  ],
  es: [
    'Estoy escribiendo desde el trabajo.',
    'Es la primera vez que escribo aquí.',
    'Mi vecino me recomendó escribir aquí.',
  ],
  pt: [
    'Estou escrevendo do trabalho.',
    'É a primeira vez que escrevo aqui.',
    'Meu vizinho me indicou escrever aqui.',
  ],
};

/** The text as a sentence of its own: a line without an end mark gets a full stop. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** The text with a context sentence of its language before or after it (English for others), by the seed. */
export function withContext(text: string, seed: number, lang: string): string {
  const forms = CONTEXT_SENTENCES[lang] ?? (CONTEXT_SENTENCES.en as readonly string[]);
  const sentence = forms[pick(seed, forms.length)] as string;
  return pick(seed + 7, 2) === 0 ? `${sentence} ${text}` : `${asSentence(text)} ${sentence}`;
}

/**
 * Statements about a payment, an order or an account, true of a bank's and a shop's customer alike
 * (the bench's own wording). Before an out-of-scope request they make a mixed message, which must
 * still be refused: "I paid for my order with my card yesterday. Who won the world cup?"
 */
const CUSTOMER_STATEMENTS: Readonly<Record<string, readonly string[]>> = {
  en: [
    'I paid for my order with my card yesterday.',
    'I got an email about my account this morning.',
    'My payment went through last week.',
    'I have been your customer for two years.',
  ],
  id: ['Saya sudah bayar pakai kartu kemarin.', 'Saya dapat email soal akun saya tadi pagi.'],
  es: ['Ayer pagué mi pedido con la tarjeta.', 'Mi pago se hizo la semana pasada.'],
  pt: ['Paguei meu pedido com o cartão ontem.', 'Meu pagamento foi feito semana passada.'],
};

/** The text after a customer's statement of its language (English for others), chosen by the seed. */
export function afterStatement(text: string, seed: number, lang: string): string {
  const forms = CUSTOMER_STATEMENTS[lang] ?? (CUSTOMER_STATEMENTS.en as readonly string[]);
  return `${forms[pick(seed, forms.length)] as string} ${text}`;
}

function figures(
  rows: readonly { line: EvalLine; answered: boolean; intent: string | null }[],
): FileFigures {
  const ins = rows.filter((r) => r.line.expect === 'in');
  const outs = rows.filter((r) => r.line.expect === 'out');
  const share = (k: number, n: number) => (n === 0 ? null : Math.round((k / n) * 10000) / 10000);
  return {
    n: rows.length,
    inN: ins.length,
    outN: outs.length,
    inAnswered: share(ins.filter((r) => r.answered).length, ins.length),
    intentAccuracy: share(
      ins.filter((r) => r.answered && r.intent === r.line.intent).length,
      ins.length,
    ),
    outRefused: share(outs.filter((r) => !r.answered).length, outs.length),
  };
}

/**
 * Untimed calls between the first pass and the timed one, cycled over the profile's lines: as many as
 * `scoped-responder eval` makes (local/commands/eval.ts), so the two report the same steady state.
 */
const WARM_UP_CALLS = 2000;
/** Timed passes over the lines after the warm-up; the median of their p50s and p99s is reported. */
const TIMED_PASSES = 3;

export async function runEngine(
  engine: Engine,
  set: TrainingSet,
  files: Record<string, EvalLine[]>,
): Promise<EngineFigures> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const classify = await engine.train(set);
  const trainMs = Math.round(performance.now() - start);
  const used = process.cpuUsage(cpu);
  const trainCpuMs = Math.round((used.user + used.system) / 1000);
  (globalThis as { gc?: () => void }).gc?.();
  const heapUsedMb = Math.round((process.memoryUsage().heapUsed / 2 ** 20) * 10) / 10;
  // Three runs per line, keeping the fastest: the intrinsic cost, not the scheduling noise of a shared
  // machine.
  const fastestOfThree = async (text: string) => {
    let fastest = Number.POSITIVE_INFINITY;
    let first: { answered: boolean; intent: string | null } | undefined;
    for (let k = 0; k < 3; k++) {
      const t0 = process.hrtime.bigint();
      const r = await classify(text);
      fastest = Math.min(fastest, Number(process.hrtime.bigint() - t0) / 1000);
      first ??= r;
    }
    return { fastest, first: first as { answered: boolean; intent: string | null } };
  };
  const firstPass: number[] = [];
  const byFile: Record<string, FileFigures> = {};
  const all: { line: EvalLine; answered: boolean; intent: string | null }[] = [];
  for (const [name, lines] of Object.entries(files)) {
    const rows = [];
    for (const line of lines) {
      // Figures come from the first call of the first pass.
      const { fastest, first } = await fastestOfThree(line.text);
      firstPass.push(fastest);
      rows.push({ line, ...first });
    }
    byFile[name] = figures(rows);
    all.push(...rows);
  }
  firstPass.sort((a, b) => a - b);
  for (let done = 0; all.length > 0 && done < WARM_UP_CALLS; done++) {
    await classify((all[done % all.length] as (typeof all)[number]).line.text);
  }
  // Several timed passes, each giving a p50 and a p99, and the median of each is reported: on this
  // shared machine one pass's p99 moved by ±25 % from the next in the same process (484–825 µs for
  // the shop), more than any change to the code under test.
  const passes: { p50: number; p99: number }[] = [];
  for (let pass = 0; pass < TIMED_PASSES; pass++) {
    const latencies: number[] = [];
    for (const { line } of all) latencies.push((await fastestOfThree(line.text)).fastest);
    latencies.sort((a, b) => a - b);
    passes.push({ p50: percentile(latencies, 50), p99: percentile(latencies, 99) });
  }
  const noisyFigures = async (
    lines: readonly EvalLine[],
    noise: (text: string, seed: number, lang: string) => string,
  ) => {
    const rows = [];
    for (const [i, line] of lines.entries())
      rows.push({ line, ...(await classify(noise(line.text, i, line.lang))) });
    return figures(rows);
  };
  const lines = all.map((r) => r.line);
  const ins = lines.filter((l) => l.expect === 'in');
  return {
    engine: engine.name,
    trainMs,
    trainCpuMs,
    heapUsedMb,
    latencyUs: {
      p50: Math.round(median(passes.map((p) => p.p50))),
      p99: Math.round(median(passes.map((p) => p.p99))),
      firstPassP99: Math.round(percentile(firstPass, 99)),
    },
    overall: figures(all),
    byLang: Object.fromEntries(
      [...new Set(all.map((r) => r.line.lang))]
        .sort()
        .map((lang) => [lang, figures(all.filter((r) => r.line.lang === lang))]),
    ),
    byFile,
    noisy: {
      slip: await noisyFigures(ins, withSlip),
      glued: await noisyFigures(ins, withGluedPair),
      wrapped: await noisyFigures(lines, withPleasantries),
      referenced: await noisyFigures(lines, withReference),
      context: await noisyFigures(lines, withContext),
      statement: await noisyFigures(lines, afterStatement),
    },
  };
}

/** The project's shared folder (eval data) sits beside the repository, wherever it is cloned. */
export const SHARED_EVAL = resolve(import.meta.dirname, '..', '..', 'shared', 'eval');

/** A profile's dev files, by name: P_in, P_out, P_nearmiss, general_out, jailbreak_out (see the dev README). */
export function readDevFiles(profile: string, devDir: string): Record<string, EvalLine[]> {
  const files: Record<string, EvalLine[]> = {};
  for (const name of [
    `${profile}_in`,
    `${profile}_out`,
    `${profile}_nearmiss`,
    'general_out',
    'jailbreak_out',
  ]) {
    files[name] = parseEvalLines(
      readFileSync(join(devDir, `${name}.jsonl`), 'utf8'),
      `${name}.jsonl`,
    );
  }
  return files;
}

/**
 * Profiles outside the dev split, each with the labelled lines written for it: the example profile (a
 * coffee roaster the retail domain partly covers), and a dental clinic, a beach hotel and an internet
 * provider in the appointments, hospitality and telecom domains.
 */
export const OWN_SETS = [
  {
    name: 'example roaster',
    profile: 'profiles/example-shop.yaml',
    data: 'profiles/example-shop.labelled.jsonl',
  },
  {
    name: 'dental clinic',
    profile: 'test/fixtures/eval/clinic-profile.yaml',
    data: 'test/fixtures/eval/clinic.labelled.jsonl',
  },
  {
    name: 'beach hotel',
    profile: 'test/fixtures/eval/hotel-profile.yaml',
    data: 'test/fixtures/eval/hotel.labelled.jsonl',
  },
  {
    name: 'internet provider',
    profile: 'test/fixtures/eval/isp-profile.yaml',
    data: 'test/fixtures/eval/isp.labelled.jsonl',
  },
] as const;

export interface BenchOptions {
  readonly profilesDir?: string;
  readonly devDir?: string;
  readonly engines?: readonly EngineFigures['engine'][];
  /** Also time cold starts in fresh processes (default true). */
  readonly coldStart?: boolean;
  /** Also score the profiles outside the dev split on their labelled lines (OWN_SETS; default true). */
  readonly example?: boolean;
}

/** For each profile P: P_in, P_out, P_nearmiss, general_out, jailbreak_out (see the dev README). */
export async function benchClassifier(options: BenchOptions = {}): Promise<ClassifierBench> {
  const profilesDir = options.profilesDir ?? join(SHARED_EVAL, 'profiles');
  const devDir = options.devDir ?? join(SHARED_EVAL, 'dev');
  const engines = [ours, oursWithoutDomain, nlpjs].filter((e) =>
    (options.engines ?? ['scoped-responder', WITHOUT_DOMAIN_ENGINE, 'nlpjs']).includes(e.name),
  );
  const profiles: Record<string, EngineFigures[]> = {};
  const coldStart: Record<string, { snapshotMb: number; modes: ColdStartFigures[] }> = {};
  // Bundle and import our module before any timer starts: the first profile's training time had
  // included esbuild's bundling and the import (the bank read about 0.4 s more than in a fresh
  // process, where training alone is timed).
  if (engines.some((e) => e !== nlpjs)) await deployedClassifier();
  for (const profile of ['bank', 'shop']) {
    const set = await loadTrainingSet(join(profilesDir, `${profile}.yaml`));
    const files = readDevFiles(profile, devDir);
    profiles[profile] = [];
    for (const engine of engines) profiles[profile].push(await runEngine(engine, set, files));
    if (options.coldStart !== false) {
      coldStart[profile] = benchColdStart(join(profilesDir, `${profile}.yaml`));
    }
  }
  if (options.example !== false) {
    // Businesses outside the dev split, on lines written for them: the targets are not judged here.
    for (const own of OWN_SETS) {
      const set = await loadTrainingSet(join(REPO, own.profile));
      const files = {
        [basename(own.data, '.jsonl')]: parseEvalLines(
          readFileSync(join(REPO, own.data), 'utf8'),
          own.data,
        ),
      };
      const rows: EngineFigures[] = [];
      for (const engine of engines) rows.push(await runEngine(engine, set, files));
      profiles[own.name] = rows;
    }
  }
  return { profiles, coldStart };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await benchClassifier(), null, 2)}\n`);
}
