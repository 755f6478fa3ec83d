// Per-stage settings from cdk context: `stage` picks an entry of `scoped-responder:stages` (cdk.json),
// e.g. `cdk synth -c stage=prod`. Checked here so a typo fails the synth with the key's name.
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import {
  DEFAULT_POLICY_PATH,
  DEFAULT_PROFILE_PATH,
  type EumSocialOptions,
  type ScopedResponderProps,
  type WebhookEndpointType,
} from './scoped-responder.ts';

export const STAGE_CONTEXT_KEY = 'stage';
export const STAGES_CONTEXT_KEY = 'scoped-responder:stages';

export interface StageConfig {
  readonly stage: string;
  /** @default 'profiles/example-shop.yaml' */
  readonly profilePath: string;
  /** @default 'policy/meta-ai-providers.yaml' */
  readonly policyPath: string;
  /** @default [] */
  readonly policyExemptions: readonly string[];
  /** Decision TTL in days. @default 90 */
  readonly retentionDays: number;
  /** A CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, 60, 90, …). @default 30 */
  readonly logRetentionDays: RetentionDays;
  /** @default - no e-mail subscription */
  readonly alarmEmail?: string;
  /** @default 'function-url' */
  readonly endpointType: WebhookEndpointType;
  /** @default 10 */
  readonly ingressReservedConcurrency: number | false;
  /** @default false */
  readonly trackDelivery: boolean;
  /** In cdk.json `true` (create the SNS topic) or a topic ARN (subscribe to it). @default - off */
  readonly eumSocial?: EumSocialOptions;
  /** @default - off */
  readonly generalAnswererModelId?: string;
  /** @default 'scoped-responder' */
  readonly serviceName?: string;
}

export class StageConfigError extends Error {
  override readonly name = 'StageConfigError';
  constructor(stage: string, problems: readonly string[]) {
    super(
      `[scoped-responder] stage '${stage}' in cdk context '${STAGES_CONTEXT_KEY}': ${problems.join('; ')}`,
    );
  }
}

const KNOWN_KEYS = new Set([
  'profilePath',
  'policyPath',
  'policyExemptions',
  'retentionDays',
  'logRetentionDays',
  'alarmEmail',
  'endpointType',
  'ingressReservedConcurrency',
  'trackDelivery',
  'eumSocial',
  'generalAnswererModelId',
  'serviceName',
]);
const RETENTION_VALUES = new Set<unknown>(
  Object.values(RetentionDays).filter((v) => typeof v === 'number'),
);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads and checks one stage; collects every problem before throwing, like lambda/config.ts. */
export function parseStageConfig(stage: string, raw: unknown): StageConfig {
  const problems: string[] = [];
  if (!isRecord(raw)) throw new StageConfigError(stage, ['must be an object']);
  for (const key of Object.keys(raw))
    if (!KNOWN_KEYS.has(key)) problems.push(`unknown key '${key}'`);

  const text = (key: string): string | undefined => {
    const value = raw[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || value.trim() === '')
      problems.push(`${key} must be a non-empty string`);
    return typeof value === 'string' ? value : undefined;
  };
  const integer = (key: string, fallback: number): number => {
    const value = raw[key] ?? fallback;
    if (!Number.isSafeInteger(value) || (value as number) < 1)
      problems.push(`${key} must be a positive integer`);
    return value as number;
  };

  const exemptions = raw.policyExemptions ?? [];
  if (!Array.isArray(exemptions) || !exemptions.every((id) => typeof id === 'string')) {
    problems.push('policyExemptions must be an array of rule ids');
  }
  const logRetentionDays = raw.logRetentionDays ?? RetentionDays.ONE_MONTH;
  if (!RETENTION_VALUES.has(logRetentionDays)) {
    problems.push(`logRetentionDays must be one of ${[...RETENTION_VALUES].join(', ')}`);
  }
  const endpointType = raw.endpointType ?? 'function-url';
  if (endpointType !== 'function-url' && endpointType !== 'http-api') {
    problems.push(`endpointType must be 'function-url' or 'http-api'`);
  }
  const reserved = raw.ingressReservedConcurrency ?? 10;
  if (reserved !== false && !(Number.isSafeInteger(reserved) && (reserved as number) >= 1)) {
    problems.push('ingressReservedConcurrency must be a positive integer or false');
  }
  const trackDelivery = raw.trackDelivery ?? false;
  if (typeof trackDelivery !== 'boolean') problems.push('trackDelivery must be true or false');
  let eumSocial: EumSocialOptions | undefined;
  if (raw.eumSocial === true) eumSocial = {};
  else if (typeof raw.eumSocial === 'string' && raw.eumSocial.startsWith('arn:'))
    eumSocial = { topicArn: raw.eumSocial };
  else if (raw.eumSocial !== undefined && raw.eumSocial !== false && raw.eumSocial !== null) {
    problems.push('eumSocial must be true, false or an SNS topic ARN');
  }

  const config: StageConfig = {
    stage,
    profilePath: text('profilePath') ?? DEFAULT_PROFILE_PATH,
    policyPath: text('policyPath') ?? DEFAULT_POLICY_PATH,
    policyExemptions: exemptions as string[],
    retentionDays: integer('retentionDays', 90),
    logRetentionDays: logRetentionDays as RetentionDays,
    alarmEmail: text('alarmEmail'),
    endpointType: endpointType as WebhookEndpointType,
    ingressReservedConcurrency: reserved as number | false,
    trackDelivery: trackDelivery as boolean,
    eumSocial,
    generalAnswererModelId: text('generalAnswererModelId'),
    serviceName: text('serviceName'),
  };
  if (problems.length > 0) throw new StageConfigError(stage, problems);
  return config;
}

/** The stage named by `-c stage=<name>` (default `dev`), read from `scoped-responder:stages`. */
export function loadStageConfig(node: Node): StageConfig {
  const stage = String(node.tryGetContext(STAGE_CONTEXT_KEY) ?? 'dev');
  const stages: unknown = node.tryGetContext(STAGES_CONTEXT_KEY) ?? {};
  if (!isRecord(stages))
    throw new StageConfigError(stage, ['the stages context must be an object']);
  if (!/^[a-z][a-z0-9-]{0,20}$/.test(stage)) {
    throw new StageConfigError(stage, ['a stage name is lower-case letters, digits and dashes']);
  }
  if (!(stage in stages)) {
    throw new StageConfigError(stage, [
      `not defined; defined stages: ${Object.keys(stages).join(', ') || 'none'}`,
    ]);
  }
  return parseStageConfig(stage, stages[stage]);
}

/** The construct props one stage implies. */
export function toResponderProps(config: StageConfig): ScopedResponderProps {
  return {
    profilePath: config.profilePath,
    policyPath: config.policyPath,
    policyExemptions: config.policyExemptions,
    retentionDays: config.retentionDays,
    logRetention: config.logRetentionDays,
    alarmEmail: config.alarmEmail,
    endpointType: config.endpointType,
    ingressReservedConcurrency: config.ingressReservedConcurrency,
    trackDelivery: config.trackDelivery,
    eumSocial: config.eumSocial,
    generalAnswererModelId: config.generalAnswererModelId,
    serviceName: config.serviceName,
  };
}
