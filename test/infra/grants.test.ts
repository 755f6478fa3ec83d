// Least privilege: each function's role allows exactly what its adapters call, on exactly its resources.
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnRole, Role } from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import type { ScopedResponderProps } from '../../lib/scoped-responder.ts';
import { buildStack } from './build-stack.ts';

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
}

/** Action → resources, over every policy attached to the role (resources as CloudFormation JSON text). */
function grantsOf(template: Template, stack: Stack, role: Role): Map<string, string[]> {
  const roleId = stack.getLogicalId(role.node.defaultChild as CfnRole);
  const grants = new Map<string, string[]>();
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
    Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: Statement[] } };
  }[];
  for (const policy of policies) {
    if (!policy.Properties.Roles.some((ref) => ref.Ref === roleId)) continue;
    for (const statement of policy.Properties.PolicyDocument.Statement) {
      expect(statement.Effect).toBe('Allow');
      const resources = Array.isArray(statement.Resource)
        ? statement.Resource
        : [statement.Resource];
      for (const action of [statement.Action].flat()) {
        grants.set(action, [
          ...(grants.get(action) ?? []),
          ...resources.map((r) => JSON.stringify(r)),
        ]);
      }
    }
  }
  // The role has no inline or managed policies besides these.
  const cfnRole = template.toJSON().Resources[roleId].Properties;
  expect(cfnRole.ManagedPolicyArns).toBeUndefined();
  expect(cfnRole.Policies).toBeUndefined();
  return grants;
}

function build(responder: ScopedResponderProps = {}) {
  const { stack } = buildStack({ responder });
  const template = Template.fromStack(stack);
  const construct = stack.responder;
  const ref = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as never);
  return { stack, template, construct, ref };
}

const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const XRAY = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];

describe('IAM grants', () => {
  const { stack, template, construct, ref } = build();

  it('lets ingress send to the queue, read the secret and put rejected payloads, nothing else', () => {
    // Act
    const grants = grantsOf(template, stack, construct.ingress.role);
    // Assess
    expect([...grants.keys()].sort()).toEqual(
      [...LOGS, ...XRAY, 'sqs:SendMessage', 'secretsmanager:GetSecretValue', 's3:PutObject'].sort(),
    );
    expect(grants.get('sqs:SendMessage')).toEqual([
      JSON.stringify({ 'Fn::GetAtt': [ref(construct.queue), 'Arn'] }),
    ]);
    expect(grants.get('secretsmanager:GetSecretValue')).toEqual([
      JSON.stringify({ Ref: ref(construct.secret) }),
    ]);
    expect(grants.get('s3:PutObject')).toEqual([
      JSON.stringify({
        'Fn::Join': ['', [{ 'Fn::GetAtt': [ref(construct.rejectedBucket), 'Arn'] }, '/rejected/*']],
      }),
    ]);
    expect(grants.get('logs:PutLogEvents')).toEqual([
      JSON.stringify({ 'Fn::GetAtt': [ref(construct.ingress.logGroup), 'Arn'] }),
    ]);
  });

  it('lets the responder use the table, read the secret and consume the queue, without Bedrock', () => {
    const grants = grantsOf(template, stack, construct.responder.role);
    expect([...grants.keys()].sort()).toEqual(
      [
        ...LOGS,
        ...XRAY,
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'secretsmanager:GetSecretValue',
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
      ].sort(),
    );
    // The table only, not its index or another table.
    expect(grants.get('dynamodb:UpdateItem')).toEqual([
      JSON.stringify({ 'Fn::GetAtt': [ref(construct.table), 'Arn'] }),
    ]);
    expect(grants.get('sqs:ReceiveMessage')).toEqual([
      JSON.stringify({ 'Fn::GetAtt': [ref(construct.queue), 'Arn'] }),
    ]);
  });

  it('uses a wildcard resource only for X-Ray', () => {
    for (const role of [construct.ingress.role, construct.responder.role]) {
      for (const [action, resources] of grantsOf(template, stack, role)) {
        if (resources.includes('"*"')) expect(XRAY).toContain(action);
        expect(action).not.toContain('*');
      }
    }
  });

  it('grants bedrock:InvokeModel on the configured model only', () => {
    // Prepare / Act
    const built = build({ generalAnswererModelId: 'anthropic.claude-3-haiku-20240307-v1:0' });
    const grants = grantsOf(built.template, built.stack, built.construct.responder.role);
    // Assess
    expect(grants.get('bedrock:InvokeModel')).toEqual([
      JSON.stringify({
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':bedrock:',
            { Ref: 'AWS::Region' },
            '::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
          ],
        ],
      }),
    ]);
    built.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: { GENERAL_ANSWERER: 'bedrock:anthropic.claude-3-haiku-20240307-v1:0' } as never,
      },
    });
  });

  it('grants an inference profile and its model when the id has a geography prefix', () => {
    const built = build({ generalAnswererModelId: 'eu.amazon.nova-micro-v1:0' });
    const grants = grantsOf(built.template, built.stack, built.construct.responder.role);
    const text = grants.get('bedrock:InvokeModel')?.join(' ') ?? '';
    expect(text).toContain(':inference-profile/eu.amazon.nova-micro-v1:0');
    expect(text).toContain(':bedrock:*::foundation-model/amazon.nova-micro-v1:0');
  });

  it('lets eum-ingress send to the queue and nothing else', () => {
    const built = build({ eumSocial: {} });
    const eum = built.construct.eumIngress;
    expect(eum).toBeDefined();
    if (!eum) return;
    const grants = grantsOf(built.template, built.stack, eum.role);
    expect([...grants.keys()].sort()).toEqual([...LOGS, ...XRAY, 'sqs:SendMessage'].sort());
  });
});

it('builds a template whose only account-wide statements are the X-Ray ones', () => {
  const { template } = build({ eumSocial: {}, endpointType: 'http-api' });
  const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
  expect(policies.match(/"Resource":"\*"/g)).toHaveLength(3);
});
