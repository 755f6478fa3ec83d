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
  // Valid files: the construct parses both at synth, as the responder would at cold start.
  writeFileSync(
    profilePath,
    [
      'name: Test Shop',
      'languages: [en]',
      'defaultLanguage: en',
      'timezone: UTC',
      'escalation: { en: "Call us." }',
      'refusal: { en: "Sorry, only shop questions." }',
      'textRetention: none',
      'intents:',
      '  - id: hours',
      '    title: { en: "Opening hours" }',
      '    examples: { en: ["when are you open"] }',
      '    answer: { en: "9 to 5." }',
      '',
    ].join('\n'),
  );
  writeFileSync(
    policyPath,
    [
      'pack: test',
      'version: "1"',
      'rules:',
      '  - { id: base, version: "1", effectiveFrom: "1970-01-01T00:00:00Z", posture: scoped_only, source: test }',
      '  - { id: exempt-a, version: "1", effectiveFrom: "2026-01-01T00:00:00Z", posture: general_allowed, optInExemption: true, source: test }',
      '  - { id: exempt-b, version: "1", effectiveFrom: "2026-01-01T00:00:00Z", jurisdictions: ["39"], posture: general_allowed, optInExemption: true, source: test }',
      '',
    ].join('\n'),
  );
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
