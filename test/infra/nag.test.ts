// cdk-nag AwsSolutions over the whole app: clean, with every acknowledgement carrying a reason.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import type { ScopedResponderProps } from '../../lib/scoped-responder.ts';
import { buildStack } from './build-stack.ts';

interface Violation {
  ruleName: string;
  violatingConstructs: { constructPath: string }[];
}

/** Synthesises with cdk-nag; returns the violations (synth throws when there are any). */
function nagViolations(
  responder: ScopedResponderProps,
  spoil?: (stack: ReturnType<typeof buildStack>['stack']) => void,
) {
  const outdir = mkdtempSync(join(tmpdir(), 'scoped-responder-nag-'));
  const { app, stack } = buildStack({ nag: true, outdir, responder });
  spoil?.(stack);
  let error: unknown;
  try {
    app.synth();
  } catch (caught) {
    error = caught;
  }
  if (!error) return { error, violations: [] as Violation[] };
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: { violations: Violation[] }[];
  };
  return { error, violations: report.pluginReports.flatMap((plugin) => plugin.violations) };
}

function acknowledgements(stack: ReturnType<typeof buildStack>['stack']): Record<string, string>[] {
  return stack.node
    .findAll()
    .flatMap((construct) => construct.node.metadata)
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .map((entry) => entry.data as Record<string, string>);
}

describe('cdk-nag AwsSolutions', () => {
  it.each<[string, ScopedResponderProps]>([
    ['defaults', {}],
    [
      'every option',
      {
        endpointType: 'http-api',
        eumSocial: {},
        generalAnswererModelId: 'eu.anthropic.claude-3-haiku-20240307-v1:0',
        alarmEmail: 'ops@example.com',
      },
    ],
    [
      'an existing EUM topic and a plain model id',
      {
        eumSocial: { topicArn: 'arn:aws:sns:eu-west-1:111122223333:waba' },
        generalAnswererModelId: 'amazon.nova-micro-v1:0',
      },
    ],
  ])('finds nothing unacknowledged with %s', (_name, responder) => {
    // Act
    const { error, violations } = nagViolations(responder);
    // Assess
    expect(violations).toEqual([]);
    expect(error).toBeUndefined();
  });

  it('reports a finding the construct did not cause (the check is live)', () => {
    const { error, violations } = nagViolations({}, (stack) => {
      new Queue(stack, 'PlainQueue');
    });
    expect(error).toBeDefined();
    expect(violations.map((violation) => violation.ruleName).sort()).toEqual([
      'AwsSolutions-SQS3',
      'AwsSolutions-SQS4',
    ]);
  });

  it('gives every acknowledgement a written reason and no blanket IAM5', () => {
    const { stack } = buildStack({ responder: { endpointType: 'http-api', eumSocial: {} } });
    const acks = acknowledgements(stack);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      for (const [id, reason] of Object.entries(ack)) {
        expect(reason.length, id).toBeGreaterThan(40);
        // IAM5 is acknowledged per finding (action or resource), never as a whole rule.
        if (id.includes('IAM5')) expect(id).toMatch(/IAM5\[Resource::/);
      }
    }
  });
});
