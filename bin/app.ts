// cdk entry point: reads the stage from cdk context, builds its stack and runs cdk-nag on every synth.
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ScopedResponderStack } from '../lib/scoped-responder-stack.ts';
import { loadStageConfig, toResponderProps } from '../lib/stage-config.ts';

const app = new App();
const config = loadStageConfig(app.node);
const stack = new ScopedResponderStack(app, `ScopedResponder-${config.stage}`, {
  description: `scoped-responder (${config.stage}): WhatsApp Business responder that stays in scope`,
  responder: toResponderProps(config),
});
Tags.of(stack).add('project', 'scoped-responder');
Tags.of(stack).add('stage', config.stage);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
