import { readFileSync, writeFileSync } from 'node:fs';
// Per-stage configuration (cdk.json context) and the construct's synth-time checks.
import { App } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import {
  loadStageConfig,
  parseStageConfig,
  StageConfigError,
  toResponderProps,
} from '../../lib/stage-config.ts';
import { buildStack, cdkJsonContext, fixtureFiles } from './build-stack.ts';

describe('loadStageConfig', () => {
  it('reads the stage named by the stage context from cdk.json', () => {
    // Prepare
    const app = new App({ context: { ...cdkJsonContext(), stage: 'prod' } });
    // Act
    const config = loadStageConfig(app.node);
    // Assess
    expect(config).toMatchObject({
      stage: 'prod',
      profilePath: 'profiles/example-shop.yaml',
      policyPath: 'policy/meta-ai-providers.yaml',
      endpointType: 'function-url',
      trackDelivery: true,
      ingressReservedConcurrency: 20,
      retentionDays: 90,
      logRetentionDays: RetentionDays.THREE_MONTHS,
    });
  });

  it('defaults to the dev stage', () => {
    const app = new App({ context: cdkJsonContext() });
    expect(loadStageConfig(app.node).stage).toBe('dev');
  });

  it('names the defined stages when the stage is unknown', () => {
    const app = new App({ context: { ...cdkJsonContext(), stage: 'qa' } });
    expect(() => loadStageConfig(app.node)).toThrow(
      /stage 'qa'.*not defined; defined stages: dev, prod/,
    );
  });

  it('lists every problem of a stage at once', () => {
    // Act
    const parse = () =>
      parseStageConfig('x', {
        retentionDays: 0,
        endpointType: 'rest',
        logRetentionDays: 31,
        trackDelivery: 'yes',
        colour: 'blue',
      });
    // Assess
    expect(parse).toThrow(StageConfigError);
    for (const problem of [
      "unknown key 'colour'",
      'retentionDays must be a positive integer',
      'logRetentionDays must be one of',
      'endpointType must be',
      'trackDelivery must be true or false',
    ]) {
      expect(parse).toThrow(problem);
    }
  });

  it('turns eumSocial true or an ARN into construct options', () => {
    expect(parseStageConfig('a', { eumSocial: true }).eumSocial).toEqual({});
    expect(parseStageConfig('a', { eumSocial: 'arn:aws:sns:eu-west-1:1:t' }).eumSocial).toEqual({
      topicArn: 'arn:aws:sns:eu-west-1:1:t',
    });
    expect(parseStageConfig('a', {}).eumSocial).toBeUndefined();
    expect(() => parseStageConfig('a', { eumSocial: 'yes' })).toThrow(/eumSocial/);
  });

  it('maps a stage onto construct props', () => {
    const props = toResponderProps(
      parseStageConfig('a', {
        alarmEmail: 'ops@example.com',
        policyExemptions: ['r1'],
        endpointType: 'http-api',
      }),
    );
    expect(props).toMatchObject({
      alarmEmail: 'ops@example.com',
      policyExemptions: ['r1'],
      endpointType: 'http-api',
      ingressReservedConcurrency: 10,
    });
  });
});

describe('ScopedResponder synth-time checks', () => {
  it('names the missing profile file', () => {
    expect(() =>
      buildStack({ responder: { profilePath: 'profiles/does-not-exist.yaml' } }),
    ).toThrow(/Business profile file not found: .*profiles\/does-not-exist\.yaml/);
  });

  it('fails the synth on an invalid profile, naming the field and its line', () => {
    const { profilePath } = fixtureFiles();
    writeFileSync(
      profilePath,
      readFileSync(profilePath, 'utf8').replace('defaultLanguage: en', 'defaultLanguage: 7'),
    );
    expect(() => buildStack({ responder: { profilePath } })).toThrow(
      /shop\.yaml:3 defaultLanguage/,
    );
  });

  it('names the missing policy pack file', () => {
    expect(() => buildStack({ responder: { policyPath: 'nowhere/policy.yaml' } })).toThrow(
      /Policy pack file not found: .*nowhere\/policy\.yaml/,
    );
  });

  it.each([
    [{ retentionDays: 7 }, /retentionDays must be an integer from 8/],
    [{ responderMaxConcurrency: 1 }, /responderMaxConcurrency/],
    [{ ingressReservedConcurrency: 0 }, /ingressReservedConcurrency/],
    [{ alarmEmail: 'not-an-address' }, /alarmEmail/],
    [{ policyExemptions: ['a,b'] }, /policy exemption/],
    [
      { policyExemptions: ['exempt-c'] },
      /'exempt-c' is not an opt-in exemption .*known: exempt-a, exempt-b/,
    ],
    [{ policyExemptions: ['base'] }, /'base' is not an opt-in exemption/],
  ])('rejects %o', (responder, message) => {
    expect(() => buildStack({ responder })).toThrow(message);
  });
});
