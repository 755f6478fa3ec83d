// Infrastructure security on the synthesized template (bundling off): cdk-nag AwsSolutions clean, no IAM
// wildcard without a written reason, encryption at rest for the table, queues, topics, bucket and logs, and
// the webhook throttled whichever endpoint type is deployed.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnElement, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../lib/node-handler.ts';
import type { ScopedResponderProps } from '../../lib/scoped-responder.ts';
import { ScopedResponderStack } from '../../lib/scoped-responder-stack.ts';
import { FULL } from '../support/reliability-harness.ts';
import { recordFigures } from '../support/reliability-report.ts';

type Resource = { Type: string; Properties?: Record<string, unknown> };

const VARIANTS: [string, ScopedResponderProps][] = [
  ['Function URL (default)', {}],
  [
    'HTTP API with EUM Social and alarms',
    { endpointType: 'http-api', eumSocial: {}, alarmEmail: 'ops@example.com' },
  ],
];

/** The stack as bin/ builds it, with cdk.json's flags, the repository's profile and policy, no esbuild. */
function build(responder: ScopedResponderProps, nag: boolean) {
  const cdkJson = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  const outdir = mkdtempSync(join(tmpdir(), 'rel-infra-'));
  const app = new App({
    outdir,
    context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] },
  });
  const stack = new ScopedResponderStack(app, 'ReliabilityStack', {
    responder: {
      profilePath: join(PACKAGE_ROOT, 'profiles/example-shop.yaml'),
      policyPath: join(PACKAGE_ROOT, 'policy/meta-ai-providers.yaml'),
      ...responder,
    },
  });
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, outdir };
}

function resources(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.findResources(type)) as [string, Resource][];
}

/** The construct path of a resource in the template. */
function pathOf(stack: ScopedResponderStack, logicalId: string): string {
  const found = stack.node
    .findAll()
    .find(
      (construct) => construct instanceof CfnElement && stack.getLogicalId(construct) === logicalId,
    );
  return found?.node.path ?? '';
}

/** A policy resource as cdk-nag names it in a finding: `<LogicalId.Attr>` for references. */
function nagResourceName(resource: unknown): string {
  if (typeof resource === 'string') return resource;
  const value = resource as Record<string, unknown>;
  if (Array.isArray(value['Fn::GetAtt'])) {
    const [id, attribute] = value['Fn::GetAtt'] as string[];
    return `<${id}.${attribute}>`;
  }
  if (typeof value.Ref === 'string') return `<${value.Ref}>`;
  if (Array.isArray(value['Fn::Join'])) {
    const [separator, parts] = value['Fn::Join'] as [string, unknown[]];
    return parts.map(nagResourceName).join(separator);
  }
  return JSON.stringify(resource);
}

const figures = { variants: 0, nagViolations: 0, wildcardStatements: 0, unexplainedWildcards: 0 };

describe.each(VARIANTS)('Synthesized stack: %s', (name, responder) => {
  // cdk-nag synthesizes the whole app (seconds): the sample checks the default stack, full runs both.
  it.runIf(FULL || name === VARIANTS[0]?.[0])(
    'passes cdk-nag AwsSolutions with nothing unacknowledged',
    () => {
      // Act
      const { app, outdir } = build(responder, true);
      let error: unknown;
      try {
        app.synth();
      } catch (caught) {
        error = caught;
      }
      let violations: unknown[] = [];
      if (error) {
        const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
          pluginReports: { violations: unknown[] }[];
        };
        violations = report.pluginReports.flatMap((plugin) => plugin.violations);
      }

      // Assess
      figures.variants++;
      figures.nagViolations += violations.length;
      expect(violations).toEqual([]);
      expect(error).toBeUndefined();
    },
  );

  it('grants no IAM wildcard without a written IAM5 reason on its role', () => {
    // Prepare
    const { stack } = build(responder, false);
    const template = Template.fromStack(stack);
    const reasons = new Map<string, string>();
    for (const construct of stack.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          reasons.set(`${construct.node.path}|${id}`, reason);
        }
      }
    }

    // Act: every statement with `*` in an action or a resource.
    const unexplained: string[] = [];
    let wildcards = 0;
    for (const [logicalId, policy] of resources(template, 'AWS::IAM::Policy')) {
      const document = policy.Properties?.PolicyDocument as {
        Statement: Record<string, unknown>[];
      };
      for (const statement of document.Statement) {
        const actions = [statement.Action].flat().map(String);
        const resourcesText = JSON.stringify(statement.Resource ?? statement.NotResource);
        const wildcardAction = actions.some((action) => action.includes('*'));
        const wildcardResource = resourcesText.includes('*');
        if (!wildcardAction && !wildcardResource) continue;
        figures.wildcardStatements++;
        wildcards++;
        if (actions.includes('*') || statement.Effect !== 'Allow' || statement.NotAction) {
          unexplained.push(`${logicalId}: full wildcard ${JSON.stringify(statement)}`);
          continue;
        }
        // cdk-nag acknowledges per finding (`AwsSolutions-IAM5[Resource::<...>]`, `[Action::...]`) on the
        // policy's construct or an ancestor (its role): every wildcard needs its own written reason.
        const path = pathOf(stack, logicalId);
        const findings = [
          ...(wildcardResource
            ? [statement.Resource ?? statement.NotResource]
                .flat()
                .map((resource) => `Resource::${nagResourceName(resource)}`)
                .filter((finding) => finding.includes('*'))
            : []),
          ...actions.filter((action) => action.includes('*')).map((action) => `Action::${action}`),
        ];
        const explained = findings.every((finding) =>
          [...reasons.entries()].some(
            ([key, reason]) =>
              path.startsWith(key.split('|')[0] ?? '\u0000') &&
              key.endsWith(`AwsSolutions-IAM5[${finding}]`) &&
              reason.trim().length >= 30,
          ),
        );
        if (!explained) unexplained.push(`${logicalId}: ${actions.join(',')} on ${resourcesText}`);
      }
    }

    // Assess
    figures.unexplainedWildcards += unexplained.length;
    // X-Ray's `*` is always there: the check ran on real wildcards, and each one has its reason.
    expect(wildcards).toBeGreaterThan(0);
    expect(unexplained).toEqual([]);
  });

  it('encrypts the table, queues, topics and bucket at rest, and keeps logs with a retention', () => {
    // Act
    const template = Template.fromStack(build(responder, false).stack);
    const tables = [
      ...resources(template, 'AWS::DynamoDB::GlobalTable'),
      ...resources(template, 'AWS::DynamoDB::Table'),
    ];
    const queues = resources(template, 'AWS::SQS::Queue');
    const topics = resources(template, 'AWS::SNS::Topic');
    const buckets = resources(template, 'AWS::S3::Bucket');
    const logGroups = resources(template, 'AWS::Logs::LogGroup');

    // Assess
    expect(tables.length).toBeGreaterThan(0);
    for (const [id, table] of tables) {
      expect(table.Properties?.SSESpecification, id).toMatchObject({ SSEEnabled: true });
    }
    expect(queues.length).toBe(2);
    for (const [id, queue] of queues) {
      const encrypted =
        queue.Properties?.SqsManagedSseEnabled === true ||
        queue.Properties?.KmsMasterKeyId !== undefined;
      expect(encrypted, id).toBe(true);
    }
    for (const [id, topic] of topics) {
      expect(topic.Properties?.KmsMasterKeyId, id).toBeDefined();
    }
    for (const [id, bucket] of buckets) {
      expect(bucket.Properties?.BucketEncryption, id).toBeDefined();
    }
    // CloudWatch Logs encrypts every log group at rest (service-managed keys); a KMS key is optional.
    // What the stack must set is a retention, so that personal data in logs does not live forever.
    expect(logGroups.length).toBeGreaterThan(0);
    for (const [id, group] of logGroups) {
      expect(group.Properties?.RetentionInDays, id).toBeGreaterThan(0);
    }
  });

  it('throttles the webhook endpoint', () => {
    // Act
    const template = Template.fromStack(build(responder, false).stack);
    const stages = resources(template, 'AWS::ApiGatewayV2::Stage');
    const urls = resources(template, 'AWS::Lambda::Url');
    const functions = resources(template, 'AWS::Lambda::Function');

    // Assess: an HTTP API stage carries rate and burst limits; a Function URL has no throttle of its
    // own, so the function behind it gets a reserved concurrency.
    for (const [id, stage] of stages) {
      const settings = stage.Properties?.DefaultRouteSettings as Record<string, number> | undefined;
      expect(settings?.ThrottlingRateLimit, id).toBeGreaterThan(0);
      expect(settings?.ThrottlingBurstLimit, id).toBeGreaterThan(0);
    }
    for (const [id, url] of urls) {
      const target = JSON.stringify(url.Properties?.TargetFunctionArn);
      const fn = functions.find(([logicalId]) => target.includes(logicalId));
      expect(fn?.[1].Properties?.ReservedConcurrentExecutions, id).toBeGreaterThan(0);
    }
    expect(stages.length + urls.length).toBeGreaterThan(0);
  });
});

describe('Infrastructure figures', () => {
  it('records what was checked', () => {
    recordFigures('infrastructure', figures);
    expect(figures.variants).toBe(FULL ? VARIANTS.length : 1);
  });
});
