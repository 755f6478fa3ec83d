// The whole responder as one construct: webhook endpoint → ingress → SQS FIFO → responder → DynamoDB and
// the Graph API, plus the secret, the rejected-payload bucket, monitoring and the cdk-nag acknowledgements
// for what it creates. Drop it into any stack; lib/scoped-responder-stack.ts is the ready-made one.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AttributeType,
  Billing,
  ProjectionType,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { type FunctionUrl, FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import {
  DeduplicationScope,
  FifoThroughputLimit,
  Queue,
  QueueEncryption,
} from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
// The runtime's own parsers (pure modules): a profile or pack that would fail closed in Lambda fails the synth.
import { parsePolicyPackDocument } from '../lambda/core/policy/policy-pack.ts';
import { toPolicyPack } from '../lambda/core/policy/policy-pack-schema.ts';
import { parseProfile } from '../lambda/core/profile/parse-profile.ts';
import { NodeHandler, PACKAGE_ROOT } from './node-handler.ts';
import {
  METRICS_NAMESPACE,
  type ResponderAlarms,
  ResponderMonitoring,
} from './responder-monitoring.ts';
import { DECISION_TABLE } from './table-definition.ts';

/** How Meta reaches the ingress function. */
export type WebhookEndpointType = 'function-url' | 'http-api';

export interface HttpApiThrottle {
  /** Steady-state requests per second across the API. */
  readonly rateLimit: number;
  /** Requests allowed in a burst above the rate. */
  readonly burstLimit: number;
}

export interface EumSocialOptions {
  /**
   * ARN of the SNS topic that AWS End User Messaging Social publishes the WABA's events to.
   * @default - a new topic, encrypted with the construct's key, that EUM Social may publish to
   */
  readonly topicArn?: string;
}

export interface ScopedResponderProps {
  /**
   * Business profile (YAML or JSON), validated at synth and bundled next to the responder as JSON,
   * `/var/task/profile.json` (the responder carries no YAML parser).
   * A relative path is resolved against the working directory of `cdk synth`.
   * @default 'profiles/example-shop.yaml'
   */
  readonly profilePath?: string;
  /**
   * Policy pack (YAML), validated at synth and bundled next to the responder as JSON,
   * `/var/task/policy.json`.
   * @default 'policy/meta-ai-providers.yaml'
   */
  readonly policyPath?: string;
  /**
   * Rule ids of opt-in exemptions in the policy pack that the operator enables.
   * @default - none
   */
  readonly policyExemptions?: readonly string[];
  /**
   * Days a decision item lives (DynamoDB TTL). At least 8: Meta retries a webhook for 7 days and the
   * decision item is also the dedupe record.
   * @default 90
   */
  readonly retentionDays?: number;
  /**
   * Retention of the functions' and the HTTP API's log groups.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * E-mail address subscribed to the alarm topic (the recipient must confirm the subscription).
   * @default - no subscription; subscribe to `alarmTopic` yourself
   */
  readonly alarmEmail?: string;
  /**
   * `function-url` has no per-request charge (Meta sends up to three status webhooks per reply);
   * `http-api` adds stage throttling, access logs and custom domains, at a per-request price.
   * @default 'function-url'
   */
  readonly endpointType?: WebhookEndpointType;
  /**
   * Stage throttling of the HTTP API. Only used when `endpointType` is `http-api`.
   * @default { rateLimit: 50, burstLimit: 100 }
   */
  readonly httpApiThrottle?: HttpApiThrottle;
  /**
   * Concurrency reserved for, and capped at, the ingress function, so a flood of webhooks cannot take the
   * account's whole concurrency. `false` leaves it on the unreserved pool: needed in accounts whose
   * concurrency quota is too small to reserve any (Lambda keeps 100 unreserved).
   * @default 10
   */
  readonly ingressReservedConcurrency?: number | false;
  /**
   * Most responder instances the queue may run at once (SQS event source `maxConcurrency`, 2–1000).
   * @default 5
   */
  readonly responderMaxConcurrency?: number;
  /**
   * Also enqueue and apply sent/delivered/read statuses (failures are always applied).
   * @default false
   */
  readonly trackDelivery?: boolean;
  /**
   * Powertools service name: the `service` dimension of every metric and the alarms' filter.
   * @default 'scoped-responder'
   */
  readonly serviceName?: string;
  /**
   * Powertools log level of every function.
   * @default 'INFO'
   */
  readonly logLevel?: string;
  /**
   * Graph API version the responder calls.
   * @default 'v23.0'
   */
  readonly graphApiVersion?: string;
  /**
   * Graph API base URL the responder calls.
   * @default 'https://graph.facebook.com'
   */
  readonly graphApiBaseUrl?: string;
  /**
   * Minutes the bot stays quiet after a human handoff.
   * @default 60
   */
  readonly handoffMinutes?: number;
  /**
   * Bedrock model (or inference profile) id of the optional general answerer for in-scope questions the
   * profile cannot answer. Setting it grants `bedrock:InvokeModel` on that model only.
   * @default - off: no Bedrock permission at all
   */
  readonly generalAnswererModelId?: string;
  /**
   * Also accept WhatsApp events from AWS End User Messaging Social through SNS.
   * @default - Meta webhooks only
   */
  readonly eumSocial?: EumSocialOptions;
  /**
   * Deliveries of one queue message before it moves to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * How long rejected (signed but unparseable) payloads are kept.
   * @default Duration.days(30)
   */
  readonly rejectedPayloadExpiration?: Duration;
  /**
   * Bucket for the rejected-payload bucket's server access logs.
   * @default - no server access logs (the ingress function logs every object it writes)
   */
  readonly accessLogsBucket?: IBucket;
  /**
   * Removal policy of the table, secrets, bucket, key and log groups.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

export const DEFAULT_PROFILE_PATH = 'profiles/example-shop.yaml';
export const DEFAULT_POLICY_PATH = 'policy/meta-ai-providers.yaml';
/** Where the runtime finds the bundled files: Lambda unpacks the bundle into /var/task. */
export const LAMBDA_TASK_ROOT = '/var/task';
/** The validated profile and policy pack, as JSON, in the responder's bundle. */
export const PROFILE_FILE_NAME = 'profile.json';
export const POLICY_FILE_NAME = 'policy.json';
/** The classifier trained on that profile at bundling (`scoped-responder train`): no training at cold start. */
export const CLASSIFIER_FILE_NAME = 'classifier.bin';

// Room for a slow Graph API: each message may take ~17 s in the worst case (a read mark plus a send
// with its retries), and the handler stops starting messages with less than 20 s left.
const RESPONDER_TIMEOUT = Duration.seconds(60);
/** The key prefix S3RejectedPayloadStore writes under (lambda/adapters/s3-rejected-payload-store.ts). */
const REJECTED_PREFIX = 'rejected/';

class ScopedResponderConfigError extends Error {
  override readonly name = 'ScopedResponderConfigError';
  constructor(message: string) {
    super(`[scoped-responder] ${message}`);
  }
}

function requireFile(label: string, path: string): string {
  const absolute = resolve(path);
  if (!existsSync(absolute) || !statSync(absolute).isFile()) {
    throw new ScopedResponderConfigError(
      `${label} file not found: ${absolute} (given as '${path}')`,
    );
  }
  return absolute;
}

function requireInteger(
  label: string,
  value: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ScopedResponderConfigError(
      `${label} must be an integer from ${min} to ${max}, got ${value}`,
    );
  }
  return value;
}

/** A cross-Region inference profile id: a geography prefix, then the model id. */
const INFERENCE_PROFILE = /^(us|eu|apac|us-gov|global|jp|au|ca)\.(.+)$/;

/** Bedrock resources one model id needs: an inference profile (`us.…`) also needs its models in every Region. */
function bedrockResources(stack: Stack, modelId: string): string[] {
  const profile = INFERENCE_PROFILE.exec(modelId);
  if (!profile) {
    return [
      stack.formatArn({
        service: 'bedrock',
        account: '',
        resource: 'foundation-model',
        resourceName: modelId,
      }),
    ];
  }
  return [
    stack.formatArn({ service: 'bedrock', resource: 'inference-profile', resourceName: modelId }),
    stack.formatArn({
      service: 'bedrock',
      region: '*',
      account: '',
      resource: 'foundation-model',
      resourceName: profile[2],
    }),
  ];
}

export class ScopedResponder extends Construct {
  public readonly table: TableV2;
  public readonly queue: Queue;
  public readonly deadLetterQueue: Queue;
  /** JSON `{ appSecret, accessToken, verifyToken, userHashSalt }` (docs/design.md). */
  public readonly secret: Secret;
  /** Generated salt, copied into `secret` at creation only. */
  public readonly userHashSaltSeed: Secret;
  public readonly rejectedBucket: Bucket;
  /** Encrypts the alarm topic (and the EUM Social topic when this construct creates it). */
  public readonly topicKey: Key;
  public readonly alarmTopic: Topic;
  public readonly ingress: NodeHandler;
  public readonly responder: NodeHandler;
  /** Present when `eumSocial` is set. */
  public readonly eumIngress?: NodeHandler;
  public readonly eumSocialTopic?: ITopic;
  /** Present when `endpointType` is `function-url`. */
  public readonly functionUrl?: FunctionUrl;
  /** Present when `endpointType` is `http-api`. */
  public readonly httpApi?: HttpApi;
  /** The URL to enter as the callback URL in Meta's app dashboard. */
  public readonly webhookUrl: string;
  public readonly dashboard: ResponderMonitoring['dashboard'];
  public readonly alarms: ResponderAlarms;

  constructor(scope: Construct, id: string, props: ScopedResponderProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);

    // Synth-time checks first, so a wrong path fails before anything is built.
    const profileFile = requireFile('Business profile', props.profilePath ?? DEFAULT_PROFILE_PATH);
    const policyFile = requireFile('Policy pack', props.policyPath ?? DEFAULT_POLICY_PATH);
    const retentionDays = requireInteger('retentionDays', props.retentionDays ?? 90, 8);
    const reserved = props.ingressReservedConcurrency ?? 10;
    const ingressReserved =
      reserved === false ? undefined : requireInteger('ingressReservedConcurrency', reserved, 1);
    const maxConcurrency = requireInteger(
      'responderMaxConcurrency',
      props.responderMaxConcurrency ?? 5,
      2,
      1000,
    );
    const maxReceiveCount = requireInteger('maxReceiveCount', props.maxReceiveCount ?? 5, 1, 1000);
    const handoffMinutes = requireInteger('handoffMinutes', props.handoffMinutes ?? 60, 1);
    const exemptions = props.policyExemptions ?? [];
    for (const exemption of exemptions) {
      if (!/^[\w.:-]+$/.test(exemption)) {
        throw new ScopedResponderConfigError(
          `policy exemption ids are words without commas, got '${exemption}'`,
        );
      }
    }
    // A profile the responder could not load would make every message fail closed; a policy pack it could
    // not parse would refuse everything. Both are caught here, with the field path and line, and bundled as
    // the JSON of what was validated, which the responder reads with the same schemas and no YAML parser.
    const profile = parseProfile(readFileSync(profileFile, 'utf8'), profileFile);
    const packDocument = parsePolicyPackDocument(readFileSync(policyFile, 'utf8'));
    const pack = toPolicyPack(packDocument);
    for (const exemption of exemptions) {
      const rule = pack.rules.find((candidate) => candidate.id === exemption);
      if (!rule?.optInExemption) {
        throw new ScopedResponderConfigError(
          `policy exemption '${exemption}' is not an opt-in exemption of ${policyFile} (known: ${pack.rules
            .filter((candidate) => candidate.optInExemption)
            .map((candidate) => candidate.id)
            .join(', ')})`,
        );
      }
    }
    const serviceName = props.serviceName ?? 'scoped-responder';
    if (!serviceName.trim()) throw new ScopedResponderConfigError('serviceName must not be empty');
    if (
      props.alarmEmail !== undefined &&
      !Token.isUnresolved(props.alarmEmail) &&
      !/^[^@\s]+@[^@\s]+$/.test(props.alarmEmail)
    ) {
      throw new ScopedResponderConfigError(
        `alarmEmail is not an e-mail address: '${props.alarmEmail}'`,
      );
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH;
    const trackDelivery = String(props.trackDelivery ?? false);

    this.table = new TableV2(this, 'DecisionTable', {
      partitionKey: { name: DECISION_TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: DECISION_TABLE.sortKey, type: AttributeType.STRING },
      globalSecondaryIndexes: [
        {
          indexName: DECISION_TABLE.byDayOutcome.indexName,
          partitionKey: {
            name: DECISION_TABLE.byDayOutcome.partitionKey,
            type: AttributeType.STRING,
          },
          sortKey: { name: DECISION_TABLE.byDayOutcome.sortKey, type: AttributeType.STRING },
          projectionType: ProjectionType.INCLUDE,
          nonKeyAttributes: [...DECISION_TABLE.byDayOutcome.nonKeyAttributes],
        },
      ],
      billing: Billing.onDemand(),
      timeToLiveAttribute: DECISION_TABLE.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryptionV2.awsManagedKey(),
      // The decision log is the audit trail: a retained table is also protected from a stray delete.
      deletionProtection: removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy,
    });

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      fifo: true,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'InboundQueue', {
      fifo: true,
      contentBasedDeduplication: false,
      // High-throughput FIFO: ordering and dedupe per chat (the group) are all the design needs.
      deduplicationScope: DeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Six times the function timeout, as Lambda recommends, so a slow batch is not delivered twice.
      visibilityTimeout: Duration.seconds(RESPONDER_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount },
    });

    // CloudFormation can generate one key of a secret; the salt is generated in a seed secret and copied in
    // through a dynamic reference, so neither value ever appears in the template.
    this.userHashSaltSeed = new Secret(this, 'UserHashSaltSeed', {
      description:
        'Generated once and copied into the WhatsApp secret as userHashSalt when that secret is created. The runtime never reads it.',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    this.secret = new Secret(this, 'WhatsAppSecret', {
      description:
        'WhatsApp Cloud API: put appSecret and accessToken; verifyToken and userHashSalt are generated (never change the salt).',
      generateSecretString: {
        secretStringTemplate: stack.toJsonString({
          appSecret: '',
          accessToken: '',
          userHashSalt: this.userHashSaltSeed.secretValue.unsafeUnwrap(),
        }),
        generateStringKey: 'verifyToken',
        passwordLength: 48,
        excludePunctuation: true,
      },
      removalPolicy,
    });

    this.rejectedBucket = new Bucket(this, 'RejectedPayloads', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [
        {
          id: 'expire-rejected-payloads',
          expiration: props.rejectedPayloadExpiration ?? Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      ...(props.accessLogsBucket
        ? {
            serverAccessLogsBucket: props.accessLogsBucket,
            serverAccessLogsPrefix: 'rejected-payloads/',
          }
        : {}),
      removalPolicy,
    });

    this.topicKey = new Key(this, 'TopicKey', {
      description: 'Encrypts the scoped-responder SNS topics',
      enableKeyRotation: true,
      removalPolicy,
    });
    // CloudWatch alarms publish to an encrypted topic only if the key lets CloudWatch use it.
    this.topicKey.grant(
      new ServicePrincipal('cloudwatch.amazonaws.com'),
      'kms:Decrypt',
      'kms:GenerateDataKey*',
    );
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: `${serviceName} alarms`,
      masterKey: this.topicKey,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));

    const common = {
      serviceName,
      metricsNamespace: METRICS_NAMESPACE,
      logLevel: props.logLevel ?? 'INFO',
      logRetention,
      removalPolicy,
    };

    this.ingress = new NodeHandler(this, 'Ingress', {
      ...common,
      entry: 'lambda/ingress.handler.ts',
      description: 'scoped-responder: verifies, normalises and enqueues WhatsApp webhooks',
      reservedConcurrentExecutions: ingressReserved,
      environment: {
        QUEUE_URL: this.queue.queueUrl,
        SECRET_ARN: this.secret.secretArn,
        REJECTED_BUCKET: this.rejectedBucket.bucketName,
        TRACK_DELIVERY: trackDelivery,
      },
    });
    this.allowSendMessage(this.ingress.role);
    this.allowReadSecret(this.ingress.role);
    this.ingress.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'KeepRejectedPayloads',
        actions: ['s3:PutObject'],
        resources: [this.rejectedBucket.arnForObjects(`${REJECTED_PREFIX}*`)],
      }),
    );

    const generalAnswerer = props.generalAnswererModelId
      ? `bedrock:${props.generalAnswererModelId}`
      : 'off';
    this.responder = new NodeHandler(this, 'Responder', {
      ...common,
      entry: 'lambda/responder.handler.ts',
      description:
        'scoped-responder: decides, answers in scope or refuses, and logs every decision',
      memorySize: 512,
      timeout: RESPONDER_TIMEOUT,
      bundledFiles: [
        { name: PROFILE_FILE_NAME, contents: `${JSON.stringify(profile, null, 2)}\n` },
        { name: POLICY_FILE_NAME, contents: `${JSON.stringify(packDocument, null, 2)}\n` },
        {
          // Trained from the very JSON the responder reads, so the snapshot's version matches its own.
          name: CLASSIFIER_FILE_NAME,
          command: [
            process.execPath,
            join(PACKAGE_ROOT, 'bin', 'scoped-responder.js'),
            'train',
            '--profile',
            `{bundle}/${PROFILE_FILE_NAME}`,
            '--out',
            '{out}',
          ],
        },
      ],
      environment: {
        TABLE_NAME: this.table.tableName,
        SECRET_ARN: this.secret.secretArn,
        GRAPH_API_BASE_URL: props.graphApiBaseUrl ?? 'https://graph.facebook.com',
        GRAPH_API_VERSION: props.graphApiVersion ?? 'v23.0',
        PROFILE_PATH: `${LAMBDA_TASK_ROOT}/${PROFILE_FILE_NAME}`,
        POLICY_PATH: `${LAMBDA_TASK_ROOT}/${POLICY_FILE_NAME}`,
        CLASSIFIER_PATH: `${LAMBDA_TASK_ROOT}/${CLASSIFIER_FILE_NAME}`,
        POLICY_EXEMPTIONS: exemptions.join(','),
        TRACK_DELIVERY: trackDelivery,
        HANDOFF_MINUTES: String(handoffMinutes),
        RETENTION_DAYS: String(retentionDays),
        GENERAL_ANSWERER: generalAnswerer,
        // The runtime tells a last delivery (→ DLQ) and a dead attempt's claim from these two.
        MAX_RECEIVE_COUNT: String(maxReceiveCount),
        FUNCTION_TIMEOUT_MS: String(RESPONDER_TIMEOUT.toMilliseconds()),
      },
    });
    this.responder.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'DecisionLog',
        // What DynamoDbDecisionLog (claim, finish, duplicate, status) and DynamoDbConversationStore call:
        // conditional updates, the read of an existing claim and the per-user query. The byDayOutcome
        // index and BatchGetItem serve reports (the CLI), not the responder.
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
        resources: [this.table.tableArn],
      }),
    );
    this.allowReadSecret(this.responder.role);
    this.responder.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency,
      }),
    );
    if (props.generalAnswererModelId) {
      this.responder.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'GeneralAnswerer',
          actions: ['bedrock:InvokeModel'],
          resources: bedrockResources(stack, props.generalAnswererModelId),
        }),
      );
    }

    if (props.eumSocial) {
      this.eumSocialTopic = props.eumSocial.topicArn
        ? Topic.fromTopicArn(this, 'EumSocialTopic', props.eumSocial.topicArn)
        : this.createEumSocialTopic(stack);
      this.eumIngress = new NodeHandler(this, 'EumIngress', {
        ...common,
        entry: 'lambda/eum-ingress.handler.ts',
        description:
          'scoped-responder: normalises and enqueues AWS End User Messaging Social events',
        environment: { QUEUE_URL: this.queue.queueUrl, TRACK_DELIVERY: trackDelivery },
      });
      this.allowSendMessage(this.eumIngress.role);
      this.eumSocialTopic.addSubscription(new LambdaSubscription(this.eumIngress.function));
    }

    const endpointType = props.endpointType ?? 'function-url';
    if (endpointType === 'http-api') {
      this.httpApi = this.createHttpApi(
        this.ingress.function,
        props.httpApiThrottle,
        logRetention,
        removalPolicy,
      );
      this.webhookUrl = `${this.httpApi.apiEndpoint}/webhook`;
    } else if (endpointType === 'function-url') {
      // Meta cannot sign requests with SigV4: the function checks X-Hub-Signature-256 itself.
      this.functionUrl = this.ingress.function.addFunctionUrl({
        authType: FunctionUrlAuthType.NONE,
      });
      this.webhookUrl = `${this.functionUrl.url}webhook`;
    } else {
      throw new ScopedResponderConfigError(
        `endpointType must be 'function-url' or 'http-api', got '${endpointType}'`,
      );
    }

    const monitoring = new ResponderMonitoring(this, 'Monitoring', {
      serviceName,
      ingress: this.ingress.function,
      responder: this.responder.function,
      responderLogGroup: this.responder.logGroup,
      eumIngress: this.eumIngress?.function,
      queue: this.queue,
      deadLetterQueue: this.deadLetterQueue,
      alarmTopic: this.alarmTopic,
    });
    this.dashboard = monitoring.dashboard;
    this.alarms = monitoring.alarms;

    this.acknowledgeNagFindings(stack, props);
  }

  private allowSendMessage(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'Enqueue',
        actions: ['sqs:SendMessage'],
        resources: [this.queue.queueArn],
      }),
    );
  }

  private allowReadSecret(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadWhatsAppSecret',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [this.secret.secretArn],
      }),
    );
  }

  private createEumSocialTopic(stack: Stack): Topic {
    const topic = new Topic(this, 'EumSocialTopic', {
      displayName: 'WhatsApp events from AWS End User Messaging Social',
      masterKey: this.topicKey,
      enforceSSL: true,
    });
    const eumSocial = new ServicePrincipal('social-messaging.amazonaws.com');
    const fromThisAccount = { StringEquals: { 'aws:SourceAccount': stack.account } };
    topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'EumSocialPublishes',
        principals: [eumSocial],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: fromThisAccount,
      }),
    );
    this.topicKey.grant(eumSocial, 'kms:Decrypt', 'kms:GenerateDataKey*');
    return topic;
  }

  private createHttpApi(
    ingress: NodejsFunction,
    throttle: HttpApiThrottle | undefined,
    logRetention: RetentionDays,
    removalPolicy: RemovalPolicy,
  ): HttpApi {
    const api = new HttpApi(this, 'WebhookApi', {
      description: 'scoped-responder: WhatsApp Cloud API webhook',
      createDefaultStage: false,
    });
    api.addRoutes({
      path: '/webhook',
      methods: [HttpMethod.GET, HttpMethod.POST],
      integration: new HttpLambdaIntegration('IngressIntegration', ingress),
    });
    const accessLogs = new LogGroup(this, 'WebhookApiAccessLogs', {
      retention: logRetention,
      removalPolicy,
    });
    api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: {
        rateLimit: requireInteger('httpApiThrottle.rateLimit', throttle?.rateLimit ?? 50, 1),
        burstLimit: requireInteger('httpApiThrottle.burstLimit', throttle?.burstLimit ?? 100, 1),
      },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            sourceIp: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    return api;
  }

  /** Each acknowledgement names the one finding it covers and says why it is acceptable. */
  private acknowledgeNagFindings(stack: Stack, props: ScopedResponderProps): void {
    const xray = {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing (Tracing.ACTIVE): xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
    };
    const handlers = [this.ingress, this.responder, ...(this.eumIngress ? [this.eumIngress] : [])];
    for (const handler of handlers) Validations.of(handler.role).acknowledge(xray);

    const bucketArn = stack.getLogicalId(this.rejectedBucket.node.defaultChild as never);
    Validations.of(this.ingress.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketArn}.Arn>/${REJECTED_PREFIX}*]`,
      reason:
        'The ingress function writes one object per rejected payload under a key derived from the body (rejected/<day>/<sha256>.json): PutObject only, under that prefix of this one bucket.',
    });
    const profileModel = INFERENCE_PROFILE.exec(props.generalAnswererModelId ?? '')?.[2];
    if (profileModel) {
      Validations.of(this.responder.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:*::foundation-model/${profileModel}]`,
        reason:
          'A cross-Region inference profile routes to the same model in several Regions; InvokeModel is allowed on that one model only.',
      });
    }
    if (!props.accessLogsBucket) {
      Validations.of(this.rejectedBucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason:
          'Only the ingress function writes here (its log records every object); payloads expire after 30 days. Pass accessLogsBucket to enable server access logs.',
      });
    }
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "appSecret and accessToken are issued by Meta and rotated in Meta's dashboard; userHashSalt must never change (it keys every user's hash).",
    });
    Validations.of(this.userHashSaltSeed).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Seed copied once into the WhatsApp secret at creation; rotating it would change nothing.',
    });
    if (this.httpApi) {
      Validations.of(this.httpApi).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Meta calls the webhook without AWS credentials or tokens; the ingress function verifies X-Hub-Signature-256 (HMAC-SHA256 with the app secret) on every POST and the verify token on GET.',
      });
    }
  }
}
