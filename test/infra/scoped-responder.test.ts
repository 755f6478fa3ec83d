// Template assertions for every resource the construct creates, with bundling off.
import { readFileSync, writeFileSync } from 'node:fs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildStack, dashboardBody, fixtureFiles, templateOf } from './build-stack.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };

function onlyResource(
  template: Template,
  type: string,
  props: Record<string, unknown> = {},
): Resource {
  const found = Object.values(
    template.findResources(type, { Properties: Match.objectLike(props) }),
  );
  expect(found).toHaveLength(1);
  return found[0] as Resource;
}

describe('ScopedResponder (defaults)', () => {
  const template = templateOf();

  it('creates the decision table with the design key layout, index, TTL, PITR and encryption', () => {
    // Prepare / Act: the default template above.
    // Assess
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byDayOutcome',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: {
            ProjectionType: 'INCLUDE',
            NonKeyAttributes: ['intent', 'reason', 'policyRuleId', 'confidence', 'decidedAt'],
          },
        },
      ],
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
      ],
    });
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain' });
  });

  it('creates an encrypted FIFO queue that redrives to an encrypted FIFO dead-letter queue', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(2);
    const dlqId = Object.keys(
      template.findResources('AWS::SQS::Queue', {
        Properties: { MessageRetentionPeriod: 14 * 24 * 3600 },
      }),
    )[0];
    expect(dlqId).toBeDefined();
    template.hasResourceProperties('AWS::SQS::Queue', {
      FifoQueue: true,
      ContentBasedDeduplication: false,
      DeduplicationScope: 'messageGroup',
      FifoThroughputLimit: 'perMessageGroupId',
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 360,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      FifoQueue: true,
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    // Both queues refuse plain HTTP.
    template.resourcePropertiesCountIs(
      'AWS::SQS::QueuePolicy',
      {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      },
      2,
    );
  });

  it('wires the queue to the responder with partial batch responses and a concurrency cap', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('runs every function on Node 24, arm64, with X-Ray and its own log group', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as Resource[];
    expect(functions).toHaveLength(2);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
      });
      expect(fn.Properties.LoggingConfig).toMatchObject({ LogGroup: { Ref: expect.any(String) } });
    }
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 2);
    // No function falls back to the managed policy that may write to every log group.
    expect(JSON.stringify(template.toJSON())).not.toContain('AWSLambdaBasicExecutionRole');
  });

  it('caps the ingress function with reserved concurrency', () => {
    onlyResource(template, 'AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('enqueues WhatsApp webhooks'),
      ReservedConcurrentExecutions: 10,
    });
  });

  it('sets the design environment variables on each function', () => {
    const ingress = onlyResource(template, 'AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('ingress|enqueues WhatsApp'),
    });
    const ingressEnv = (ingress.Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(Object.keys(ingressEnv).sort()).toEqual(
      [
        'NODE_OPTIONS',
        'POWERTOOLS_LOG_LEVEL',
        'POWERTOOLS_METRICS_NAMESPACE',
        'POWERTOOLS_SERVICE_NAME',
        'QUEUE_URL',
        'REJECTED_BUCKET',
        'SECRET_ARN',
        'TRACK_DELIVERY',
      ].sort(),
    );
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('decides'),
      MemorySize: 512,
      Timeout: 60,
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: { Ref: Match.stringLikeRegexp('DecisionTable') },
          SECRET_ARN: { Ref: Match.stringLikeRegexp('WhatsAppSecret') },
          PROFILE_PATH: '/var/task/profile.json',
          POLICY_PATH: '/var/task/policy.json',
          POLICY_EXEMPTIONS: '',
          TRACK_DELIVERY: 'false',
          GENERAL_ANSWERER: 'off',
          RETENTION_DAYS: '90',
          GRAPH_API_VERSION: 'v23.0',
          MAX_RECEIVE_COUNT: '5',
          FUNCTION_TIMEOUT_MS: '60000',
          POWERTOOLS_SERVICE_NAME: 'scoped-responder',
          POWERTOOLS_METRICS_NAMESPACE: 'ScopedResponder',
        }),
      },
    });
  });

  it('exposes the webhook through a Function URL without an HTTP API', () => {
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE' });
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
  });

  it('generates verifyToken and userHashSalt and leaves appSecret and accessToken to the operator', () => {
    const secret = onlyResource(template, 'AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'verifyToken' }),
    });
    const generate = secret.Properties.GenerateSecretString as {
      SecretStringTemplate: { 'Fn::Join': [string, unknown[]] };
    };
    const parts = generate.SecretStringTemplate['Fn::Join'][1];
    const text = parts.map((part) => (typeof part === 'string' ? part : '<ref>')).join('');
    expect(text).toBe(
      '{"appSecret":"","accessToken":"","userHashSalt":"{{resolve:secretsmanager:<ref>:SecretString:::}}"}',
    );
    // The salt comes from the generated seed secret, not from a literal in the template.
    const seedId = (parts[1] as { Ref: string }).Ref;
    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: { GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true } },
    });
    expect(template.toJSON().Resources[seedId].Properties.GenerateSecretString).toEqual({
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
  });

  it('never puts a credential into an environment variable', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as Resource[];
    for (const fn of functions) {
      const env = JSON.stringify(fn.Properties.Environment);
      expect(env).not.toMatch(
        /appSecret|accessToken|verifyToken|userHashSalt|resolve:secretsmanager/,
      );
    }
  });

  it('keeps rejected payloads in a private, encrypted, SSL-only bucket that expires them', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })],
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('notifies an SNS topic encrypted with a rotating key that CloudWatch may use', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('creates a dashboard', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = dashboardBody(template);
    const titles = body.widgets.map((widget) => widget.properties.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Webhooks (ingress)',
        'Decisions by outcome',
        'Graph API calls and errors',
        'Queue',
      ]),
    );
    const metrics = JSON.stringify(body.widgets.map((widget) => widget.properties.metrics));
    for (const metric of [
      'WebhooksReceived',
      'SignatureFailures',
      'GraphApiCalls',
      'ReplyLatency',
    ]) {
      expect(metrics).toContain(metric);
    }
    expect(metrics).toContain(`{ScopedResponder,outcome,service} MetricName=\\"Decisions\\"`);
  });

  it("counts refusals by reason on the dashboard from the responder's decision lines", () => {
    const widget = dashboardBody(template).widgets.find((w) => w.type === 'log');
    expect(widget?.properties.title).toMatch(/^Refusals by reason/);
    // The query reads the keys logDecision logs (message "decision", outcome, reason)…
    const query = String(widget?.properties.query);
    expect(query).toContain('filter message = "decision" and outcome like /^refused/');
    expect(query).toContain('stats count(*) as messages by outcome, reason');
    // …in the responder's own log group.
    expect(query).toMatch(/^SOURCE '<ref>'/);
    const [responder] = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('decides, answers in scope') },
      }),
    );
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboard?.Properties.DashboardBody['Fn::Join'][1]).toContainEqual(
      responder?.Properties.LoggingConfig.LogGroup,
    );
  });

  it('outputs the webhook URL, secret name, dashboard URL, table name and queue URL', () => {
    const outputs = template.toJSON().Outputs as Record<string, unknown>;
    expect(Object.keys(outputs).sort()).toEqual(
      ['DashboardUrl', 'QueueUrl', 'SecretName', 'TableName', 'WebhookUrl'].sort(),
    );
    template.hasOutput('WebhookUrl', {
      Value: {
        'Fn::Join': [
          '',
          [{ 'Fn::GetAtt': [Match.stringLikeRegexp('FunctionUrl'), 'FunctionUrl'] }, 'webhook'],
        ],
      },
    });
  });
});

describe('ScopedResponder (options)', () => {
  it('serves GET and POST /webhook from a throttled, logged HTTP API when endpointType is http-api', () => {
    // Prepare / Act
    const template = templateOf({
      responder: { endpointType: 'http-api', httpApiThrottle: { rateLimit: 7, burstLimit: 9 } },
    });
    // Assess
    template.resourceCountIs('AWS::Lambda::Url', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /webhook' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /webhook' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 7, ThrottlingBurstLimit: 9 },
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('requestId'),
      },
    });
    template.hasOutput('WebhookUrl', {
      Value: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['/webhook'])] }),
    });
  });

  it('subscribes an eum-ingress function to a new encrypted topic that EUM Social may publish to', () => {
    const template = templateOf({ responder: { eumSocial: {} } });
    template.resourceCountIs('AWS::Lambda::Function', 3);
    template.resourceCountIs('AWS::SNS::Topic', 2);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [Match.stringLikeRegexp('EumIngressFunction'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'social-messaging.amazonaws.com' },
            Action: 'sns:Publish',
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('End User Messaging'),
      Environment: {
        Variables: Match.objectLike({ QUEUE_URL: Match.anyValue(), TRACK_DELIVERY: 'false' }),
      },
    });
  });

  it('subscribes to an existing topic when eumSocial.topicArn is given', () => {
    const topicArn = 'arn:aws:sns:eu-west-1:111122223333:waba-events';
    const template = templateOf({ responder: { eumSocial: { topicArn } } });
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: topicArn,
    });
  });

  it('applies the per-stage settings', () => {
    const template = templateOf({
      responder: {
        retentionDays: 14,
        trackDelivery: true,
        policyExemptions: ['exempt-a', 'exempt-b'],
        ingressReservedConcurrency: false,
        responderMaxConcurrency: 3,
        maxReceiveCount: 3,
        serviceName: 'shop-bot',
        alarmEmail: 'ops@example.com',
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          RETENTION_DAYS: '14',
          TRACK_DELIVERY: 'true',
          POLICY_EXEMPTIONS: 'exempt-a,exempt-b',
          POWERTOOLS_SERVICE_NAME: 'shop-bot',
          MAX_RECEIVE_COUNT: '3',
        }),
      },
    });
    const ingress = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('enqueues WhatsApp webhooks') },
      }),
    )[0] as Resource;
    expect(ingress.Properties.ReservedConcurrentExecutions).toBeUndefined();
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: 3 },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }),
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'SignatureFailures',
      Dimensions: [{ Name: 'service', Value: 'shop-bot' }],
    });
  });

  it('bundles a JSON profile as profile.json too', () => {
    const { profilePath: yamlProfile } = fixtureFiles();
    const jsonProfile = yamlProfile.replace(/\.yaml$/, '.json');
    writeFileSync(jsonProfile, JSON.stringify(parseYaml(readFileSync(yamlProfile, 'utf8'))));
    const { stack } = buildStack({ responder: { profilePath: jsonProfile } });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PROFILE_PATH: '/var/task/profile.json' }) },
    });
  });
});
