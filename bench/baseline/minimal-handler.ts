// Cold-start baseline: the smallest handler with the same framework as ours (middy + Powertools logger
// and metrics), so the bundle section can show what our code adds on top of the framework.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';

const logger = new Logger({ serviceName: 'baseline' });
const metrics = new Metrics({ namespace: 'Baseline', serviceName: 'baseline' });

export const handler = middy()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(async () => ({ statusCode: 200, body: '' }));
