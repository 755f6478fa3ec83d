// The ready-to-deploy stack: one ScopedResponder and the outputs an operator needs to connect Meta.
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ScopedResponder, type ScopedResponderProps } from './scoped-responder.ts';

export interface ScopedResponderStackProps extends StackProps {
  /**
   * Settings of the responder construct.
   * @default - the construct's defaults (example profile, Meta AI-providers policy pack, Function URL)
   */
  readonly responder?: ScopedResponderProps;
}

export class ScopedResponderStack extends Stack {
  public readonly responder: ScopedResponder;

  constructor(scope: Construct, id: string, props: ScopedResponderStackProps = {}) {
    super(scope, id, props);
    this.responder = new ScopedResponder(this, 'ScopedResponder', props.responder);
    const { responder } = this;

    new CfnOutput(this, 'WebhookUrl', {
      description: "Callback URL for the WhatsApp product in Meta's app dashboard",
      value: responder.webhookUrl,
    });
    new CfnOutput(this, 'SecretName', {
      description:
        'Put appSecret and accessToken here; verifyToken is the one to enter in the Meta dashboard',
      value: responder.secret.secretName,
    });
    new CfnOutput(this, 'DashboardUrl', {
      description: 'CloudWatch dashboard',
      value: `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${responder.dashboard.dashboardName}`,
    });
    new CfnOutput(this, 'TableName', {
      description: 'Decision log table',
      value: responder.table.tableName,
    });
    new CfnOutput(this, 'QueueUrl', {
      description: 'Inbound FIFO queue',
      value: responder.queue.queueUrl,
    });
  }
}
