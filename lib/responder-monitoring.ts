// Alarms and the dashboard over the metrics the runtime emits (Powertools EMF, namespace `ScopedResponder`,
// dimension `service`) and the AWS metrics of the queues and functions.
import { Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  LogQueryVisualizationType,
  LogQueryWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * Logs Insights over the responder's `decision` lines (lambda/middleware/log-decision.ts: message,
 * outcome, reason): how many messages were refused, and why. A query costs only when the dashboard is
 * viewed; a metric per reason would be a custom metric series each, every month.
 */
export const REFUSALS_BY_REASON: readonly string[] = [
  'filter message = "decision" and outcome like /^refused/',
  'stats count(*) as messages by outcome, reason',
  'sort messages desc',
];

/** The namespace every runtime metric is published under (POWERTOOLS_METRICS_NAMESPACE). */
export const METRICS_NAMESPACE = 'ScopedResponder';

export interface ResponderMonitoringProps {
  /** Value of the `service` dimension (POWERTOOLS_SERVICE_NAME). */
  readonly serviceName: string;
  readonly ingress: IFunction;
  readonly responder: IFunction;
  /**
   * The responder's log group: the dashboard reads the reasons of its decisions there, from the
   * `decision` line the chain logs for each message, rather than from a metric series per reason.
   */
  readonly responderLogGroup: ILogGroup;
  /** @default - no EUM Social ingress */
  readonly eumIngress?: IFunction;
  readonly queue: IQueue;
  readonly deadLetterQueue: IQueue;
  /** Every alarm notifies this topic. */
  readonly alarmTopic: ITopic;
}

/** The alarms by name, so tests and callers can find one without knowing construct ids. */
export interface ResponderAlarms {
  readonly signatureFailures: Alarm;
  readonly secretUnavailable: Alarm;
  /** A reply went out but its decision could not be recorded. */
  readonly decisionWriteFailures: Alarm;
  readonly graphApiErrorRate: Alarm;
  readonly deadLetterQueueNotEmpty: Alarm;
  readonly oldestMessageAge: Alarm;
  readonly responderThrottles: Alarm;
  /** `Errors` ≥ 1 for each function, keyed `ingress`, `responder`, `eumIngress`. */
  readonly functionErrors: Readonly<Record<string, Alarm>>;
}

export class ResponderMonitoring extends Construct {
  public readonly dashboard: Dashboard;
  public readonly alarms: ResponderAlarms;

  constructor(scope: Construct, id: string, props: ResponderMonitoringProps) {
    super(scope, id);
    const { serviceName } = props;
    const fiveMinutes = Duration.minutes(5);

    const runtimeMetric = (metricName: string, statistic = 'Sum', period = fiveMinutes): Metric =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: serviceName },
        statistic,
        period,
      });
    /** A SEARCH over one extra dimension (e.g. every `outcome` of `Decisions`); dashboards only, not alarms. */
    const searchByDimension = (
      metricName: string,
      dimension: string,
      label: string,
    ): MathExpression =>
      new MathExpression({
        expression: `SEARCH('{${METRICS_NAMESPACE},${dimension},service} MetricName="${metricName}" service="${serviceName}"', 'Sum', 300)`,
        usingMetrics: {},
        label,
        period: fiveMinutes,
      });

    const action = new SnsAction(props.alarmTopic);
    const alarm = (
      alarmId: string,
      metric: IMetric,
      threshold: number,
      comparisonOperator: ComparisonOperator,
      description: string,
    ): Alarm => {
      const created = new Alarm(this, alarmId, {
        metric,
        threshold,
        comparisonOperator,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        // No traffic means nothing is failing; an idle business must not page anyone.
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      return created;
    };
    const atLeast = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;

    const graphErrors = runtimeMetric('GraphApiErrors', 'Sum', Duration.minutes(15));
    const graphCalls = runtimeMetric('GraphApiCalls', 'Sum', Duration.minutes(15));
    const graphErrorRate = new MathExpression({
      expression: 'IF(calls > 0, 100 * FILL(errors, 0) / calls, 0)',
      usingMetrics: { errors: graphErrors, calls: graphCalls },
      label: 'Graph API error rate (%)',
      period: Duration.minutes(15),
    });

    const functionErrors: Record<string, Alarm> = {
      ingress: alarm(
        'IngressErrors',
        props.ingress.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        1,
        atLeast,
        'The webhook ingress function failed: Meta retries, but a persistent failure loses inbound messages after 7 days.',
      ),
      responder: alarm(
        'ResponderErrors',
        props.responder.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        1,
        atLeast,
        'The responder function failed a whole batch (per-message failures are retried through the queue).',
      ),
    };
    if (props.eumIngress) {
      functionErrors.eumIngress = alarm(
        'EumIngressErrors',
        props.eumIngress.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        1,
        atLeast,
        'The EUM Social ingress function failed: SNS retries, then the event is lost.',
      );
    }

    this.alarms = {
      signatureFailures: alarm(
        'SignatureFailures',
        runtimeMetric('SignatureFailures'),
        10,
        atLeast,
        'At least 10 webhook requests in 5 minutes failed the X-Hub-Signature-256 check: a probe, or the app secret changed.',
      ),
      secretUnavailable: alarm(
        'SecretUnavailable',
        runtimeMetric('SecretUnavailable'),
        1,
        atLeast,
        'A function could not read the WhatsApp secret, or it is missing appSecret/accessToken: webhooks are being rejected.',
      ),
      decisionWriteFailures: alarm(
        'DecisionWriteFailures',
        runtimeMetric('DecisionWriteFailures'),
        1,
        atLeast,
        'A reply went out but its decision record could not be written after three attempts: the audit trail has a gap.',
      ),
      graphApiErrorRate: alarm(
        'GraphApiErrorRate',
        graphErrorRate,
        5,
        ComparisonOperator.GREATER_THAN_THRESHOLD,
        'More than 5% of Graph API calls failed over 15 minutes: replies are not reaching customers.',
      ),
      deadLetterQueueNotEmpty: alarm(
        'DeadLetterQueueNotEmpty',
        props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
        1,
        atLeast,
        'Messages exhausted their retries and sit in the dead-letter queue: those customers got no answer.',
      ),
      oldestMessageAge: alarm(
        'OldestMessageAge',
        props.queue.metricApproximateAgeOfOldestMessage({
          period: fiveMinutes,
          statistic: 'Maximum',
        }),
        300,
        ComparisonOperator.GREATER_THAN_THRESHOLD,
        'A queued message has waited more than 5 minutes: the responder is stuck or throttled.',
      ),
      responderThrottles: alarm(
        'ResponderThrottles',
        props.responder.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        1,
        atLeast,
        'The responder was throttled: the account or function concurrency limit is reached.',
      ),
      functionErrors,
    };

    const functions = [
      props.ingress,
      props.responder,
      ...(props.eumIngress ? [props.eumIngress] : []),
    ];
    const region = Stack.of(this).region;
    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(24),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# scoped-responder \`${serviceName}\`\nWebhooks in, decisions out. Region ${region}.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Webhooks (ingress)',
        left: [
          'WebhooksReceived',
          'MessagesEnqueued',
          'StatusesEnqueued',
          'StatusesDropped',
          'IgnoredFields',
        ].map((name) => runtimeMetric(name)),
        width: 8,
      }),
      new GraphWidget({
        title: 'Rejected webhooks',
        left: ['SignatureFailures', 'ParseFailures', 'SecretUnavailable'].map((name) =>
          runtimeMetric(name),
        ),
        width: 8,
      }),
      new GraphWidget({
        title: 'Decisions by outcome',
        left: [searchByDimension('Decisions', 'outcome', 'Decisions')],
        stacked: true,
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Graph API calls and errors',
        left: [runtimeMetric('GraphApiCalls'), runtimeMetric('GraphApiErrors')],
        right: [graphErrorRate],
        width: 8,
      }),
      new GraphWidget({
        title: 'Graph API errors by code',
        left: [searchByDimension('GraphApiErrors', 'code', 'GraphApiErrors')],
        width: 8,
      }),
      new GraphWidget({
        title: 'Reply latency (ms)',
        left: ['p50', 'p90', 'p99'].map((statistic) => runtimeMetric('ReplyLatency', statistic)),
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Queue',
        left: [
          props.queue.metricApproximateNumberOfMessagesVisible(),
          props.deadLetterQueue.metricApproximateNumberOfMessagesVisible(),
        ],
        right: [props.queue.metricApproximateAgeOfOldestMessage()],
        width: 8,
      }),
      new GraphWidget({
        title: 'Function errors and throttles',
        left: functions.flatMap((fn) => [fn.metricErrors(), fn.metricThrottles()]),
        width: 8,
      }),
      new GraphWidget({
        title: 'Function duration p99',
        left: functions.map((fn) => fn.metricDuration({ statistic: 'p99' })),
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new LogQueryWidget({
        title: 'Refusals by reason (assistant_task: asked to translate, write or rewrite a text)',
        logGroupNames: [props.responderLogGroup.logGroupName],
        view: LogQueryVisualizationType.TABLE,
        queryLines: [...REFUSALS_BY_REASON],
        width: 24,
        height: 6,
      }),
    );
    const allAlarms = [
      this.alarms.signatureFailures,
      this.alarms.secretUnavailable,
      this.alarms.decisionWriteFailures,
      this.alarms.graphApiErrorRate,
      this.alarms.deadLetterQueueNotEmpty,
      this.alarms.oldestMessageAge,
      this.alarms.responderThrottles,
      ...Object.values(functionErrors),
    ];
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: allAlarms, width: 24 }),
    );
  }
}
