// Builds the stack the way bin/app.ts does, with cdk.json's feature flags, bundling off unless asked for,
// and fixture profile/policy files, so each test states only what it changes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PACKAGE_ROOT } from '../../lib/node-handler.ts';
import type { ScopedResponderProps } from '../../lib/scoped-responder.ts';
import { ScopedResponderStack } from '../../lib/scoped-responder-stack.ts';

/** cdk.json's context: the feature flags and stages the real synth uses. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

/** A profile and a policy pack in a temporary folder: the tests must not depend on the example files. */
export function fixtureFiles(): { profilePath: string; policyPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'scoped-responder-infra-'));
  const profilePath = join(dir, 'shop.yaml');
  const policyPath = join(dir, 'policy.yaml');
  writeFileSync(profilePath, 'business: { name: Test Shop }\n');
  writeFileSync(policyPath, 'rules: []\n');
  return { profilePath, policyPath };
}

export interface BuildOptions {
  readonly responder?: ScopedResponderProps;
  /** Run esbuild (slow); off by default. */
  readonly bundling?: boolean;
  readonly nag?: boolean;
  readonly outdir?: string;
}

export function buildStack(options: BuildOptions = {}): { app: App; stack: ScopedResponderStack } {
  const context: Record<string, unknown> = { ...cdkJsonContext() };
  if (!options.bundling) context['aws:cdk:bundling-stacks'] = [];
  const app = new App({ context, ...(options.outdir ? { outdir: options.outdir } : {}) });
  const stack = new ScopedResponderStack(app, 'TestStack', {
    responder: { ...fixtureFiles(), ...options.responder },
  });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

export function templateOf(options: BuildOptions = {}): Template {
  return Template.fromStack(buildStack(options).stack);
}

/** The dashboard's JSON body, with each CloudFormation reference replaced by `<ref>`. */
export function dashboardBody(template: Template): {
  widgets: { type: string; properties: Record<string, unknown> }[];
} {
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard')) as {
    Properties: { DashboardBody: { 'Fn::Join': [string, unknown[]] } };
  }[];
  const parts = dashboard?.Properties.DashboardBody['Fn::Join'][1] ?? [];
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : '<ref>')).join(''));
}
