// Every alarm of the issue: metric, statistic, threshold, comparison, and that it notifies the topic.
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildStack, dashboardBody } from './build-stack.ts';

interface AlarmProps {
  MetricName?: string;
  Namespace?: string;
  Statistic?: string;
  Period?: number;
  Threshold: number;
  ComparisonOperator: string;
  TreatMissingData: string;
  AlarmActions: unknown[];
  Dimensions?: { Name: string; Value: unknown }[];
  Metrics?: {
    Id: string;
    Expression?: string;
    MetricStat?: { Metric: { MetricName: string }; Period: number };
  }[];
}

function alarms(template: Template): AlarmProps[] {
  return Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
    (alarm) => (alarm as { Properties: AlarmProps }).Properties,
  );
}

function alarmOn(template: Template, metricName: string): AlarmProps[] {
  return alarms(template).filter((alarm) => alarm.MetricName === metricName);
}

describe('alarms', () => {
  const { stack } = buildStack({ responder: { eumSocial: {} } });
  const template = Template.fromStack(stack);
  const topicRef = {
    Ref: stack.getLogicalId(stack.responder.alarmTopic.node.defaultChild as never),
  };
  const service = [{ Name: 'service', Value: 'scoped-responder' }];

  it('notify the alarm topic on alarm and on recovery, and treat no data as fine', () => {
    // Assess: 7 named alarms + Errors for each of the 3 functions.
    expect(alarms(template)).toHaveLength(10);
    for (const alarm of alarms(template)) {
      expect(alarm.AlarmActions).toEqual([topicRef]);
      expect(alarm.TreatMissingData).toBe('notBreaching');
    }
  });

  it('fire on at least 10 signature failures in 5 minutes', () => {
    expect(alarmOn(template, 'SignatureFailures')).toEqual([
      expect.objectContaining({
        Namespace: 'ScopedResponder',
        Dimensions: service,
        Statistic: 'Sum',
        Period: 300,
        Threshold: 10,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    ]);
  });

  it('fire on any SecretUnavailable', () => {
    expect(alarmOn(template, 'SecretUnavailable')).toEqual([
      expect.objectContaining({
        Namespace: 'ScopedResponder',
        Dimensions: service,
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    ]);
  });

  it('fire on any decision that could not be recorded after its reply went out', () => {
    expect(alarmOn(template, 'DecisionWriteFailures')).toEqual([
      expect.objectContaining({
        Namespace: 'ScopedResponder',
        Dimensions: service,
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    ]);
  });

  it('fire when more than 5% of Graph API calls fail over 15 minutes', () => {
    const rate = alarms(template).filter((alarm) => alarm.Metrics !== undefined);
    expect(rate).toHaveLength(1);
    const [alarm] = rate;
    expect(alarm).toMatchObject({ Threshold: 5, ComparisonOperator: 'GreaterThanThreshold' });
    const byId = new Map(alarm?.Metrics?.map((metric) => [metric.Id, metric]));
    expect(byId.get('errors')?.MetricStat).toMatchObject({
      Metric: { MetricName: 'GraphApiErrors', Namespace: 'ScopedResponder', Dimensions: service },
      Period: 900,
      Stat: 'Sum',
    });
    expect(byId.get('calls')?.MetricStat).toMatchObject({
      Metric: { MetricName: 'GraphApiCalls', Namespace: 'ScopedResponder', Dimensions: service },
      Period: 900,
      Stat: 'Sum',
    });
    const expression = [...byId.values()].find((metric) => metric.Expression)?.Expression;
    expect(expression).toBe('IF(calls > 0, 100 * FILL(errors, 0) / calls, 0)');
  });

  it('fire when the dead-letter queue holds a message', () => {
    const dlq = stack.getLogicalId(stack.responder.deadLetterQueue.node.defaultChild as never);
    expect(alarmOn(template, 'ApproximateNumberOfMessagesVisible')).toEqual([
      expect.objectContaining({
        Namespace: 'AWS/SQS',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    ]);
  });

  it('fire when the oldest queued message is older than 300 s', () => {
    const queue = stack.getLogicalId(stack.responder.queue.node.defaultChild as never);
    expect(alarmOn(template, 'ApproximateAgeOfOldestMessage')).toEqual([
      expect.objectContaining({
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
        Statistic: 'Maximum',
        Threshold: 300,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
    ]);
  });

  it('fire on errors of each function and on responder throttles', () => {
    const functionRef = (fn: { node: { defaultChild?: unknown } }) => ({
      Ref: stack.getLogicalId(fn.node.defaultChild as never),
    });
    const { ingress, responder, eumIngress } = stack.responder;
    const errorTargets = alarmOn(template, 'Errors').map((alarm) => alarm.Dimensions?.[0]?.Value);
    expect(errorTargets).toHaveLength(3);
    for (const handler of [ingress, responder, eumIngress]) {
      expect(errorTargets).toContainEqual(functionRef(handler?.function ?? { node: {} }));
    }
    expect(alarmOn(template, 'Throttles')).toEqual([
      expect.objectContaining({
        Namespace: 'AWS/Lambda',
        Dimensions: [{ Name: 'FunctionName', Value: functionRef(responder.function) }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    ]);
  });

  it('show on the dashboard', () => {
    const widget = dashboardBody(template).widgets.find((w) => w.type === 'alarm');
    expect(widget?.properties.alarms).toHaveLength(10);
  });
});
