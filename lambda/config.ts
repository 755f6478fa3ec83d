// The only reader of process.env in the runtime. lib/ sets these variables (docs/design.md lists them);
// handlers call the reader for their function once at module scope, tests call it with a literal.

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly missing: readonly string[],
    options?: ErrorOptions,
  ) {
    super(`[scoped-responder] missing or invalid configuration: ${missing.join(', ')}`, options);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Collects every problem before throwing, so one deploy shows all of them at once. */
class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  required(key: string): string {
    const value = this.env[key]?.trim();
    if (!value) {
      this.problems.push(key);
      return '';
    }
    return value;
  }

  optional(key: string, fallback: string): string {
    return this.env[key]?.trim() || fallback;
  }

  integer(key: string, fallback: number): number {
    const raw = this.env[key]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value <= 0) {
      this.problems.push(`${key} (not a positive integer: ${raw})`);
      return fallback;
    }
    return value;
  }

  flag(key: string): boolean {
    return this.env[key]?.trim().toLowerCase() === 'true';
  }

  done<T>(config: T): Readonly<T> {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
    return Object.freeze(config);
  }
}

/** Meta's webhook payloads are at most 3 MB; the headroom covers base64 and batching slack. */
export const DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024 + 256 * 1024;

export interface IngressConfig {
  readonly queueUrl: string;
  readonly secretArn: string;
  readonly rejectedBucket: string;
  readonly trackDelivery: boolean;
  readonly maxBodyBytes: number;
}

export function readIngressConfig(env: Env = process.env): Readonly<IngressConfig> {
  const r = new EnvReader(env);
  return r.done({
    queueUrl: r.required('QUEUE_URL'),
    secretArn: r.required('SECRET_ARN'),
    rejectedBucket: r.required('REJECTED_BUCKET'),
    trackDelivery: r.flag('TRACK_DELIVERY'),
    maxBodyBytes: r.integer('MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES),
  });
}

export interface EumIngressConfig {
  readonly queueUrl: string;
  readonly trackDelivery: boolean;
}

export function readEumIngressConfig(env: Env = process.env): Readonly<EumIngressConfig> {
  const r = new EnvReader(env);
  return r.done({ queueUrl: r.required('QUEUE_URL'), trackDelivery: r.flag('TRACK_DELIVERY') });
}

export interface ResponderConfig {
  readonly tableName: string;
  readonly secretArn: string;
  readonly graphApiBaseUrl: string;
  readonly graphApiVersion: string;
  readonly profilePath: string;
  readonly policyPath: string;
  /** Snapshot of the classifier trained at bundling (`scoped-responder train`); the responder does not train. */
  readonly classifierPath: string | undefined;
  /** Rule ids of opt-in exemptions in the policy pack that the operator enabled. */
  readonly policyExemptions: readonly string[];
  readonly trackDelivery: boolean;
  readonly handoffMinutes: number;
  readonly retentionDays: number;
  /** `off`, or `bedrock:<modelId>`. */
  readonly generalAnswerer: string;
  /** The queue's redrive maxReceiveCount: the delivery after which a failure goes to the DLQ. */
  readonly maxReceiveCount: number;
  /** The function's timeout, ms: an unfinished claim older than this belongs to a dead attempt. */
  readonly functionTimeoutMs: number;
}

export function readResponderConfig(env: Env = process.env): Readonly<ResponderConfig> {
  const r = new EnvReader(env);
  return r.done({
    tableName: r.required('TABLE_NAME'),
    secretArn: r.required('SECRET_ARN'),
    graphApiBaseUrl: r.optional('GRAPH_API_BASE_URL', 'https://graph.facebook.com'),
    graphApiVersion: r.optional('GRAPH_API_VERSION', 'v23.0'),
    profilePath: r.required('PROFILE_PATH'),
    policyPath: r.required('POLICY_PATH'),
    classifierPath: r.optional('CLASSIFIER_PATH', '') || undefined,
    policyExemptions: r
      .optional('POLICY_EXEMPTIONS', '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
    trackDelivery: r.flag('TRACK_DELIVERY'),
    handoffMinutes: r.integer('HANDOFF_MINUTES', 60),
    retentionDays: r.integer('RETENTION_DAYS', 90),
    generalAnswerer: r.optional('GENERAL_ANSWERER', 'off'),
    maxReceiveCount: r.integer('MAX_RECEIVE_COUNT', 5),
    functionTimeoutMs: r.integer('FUNCTION_TIMEOUT_MS', 30_000),
  });
}
