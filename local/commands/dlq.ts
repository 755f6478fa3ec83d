// `scoped-responder dlq`: messages the responder gave up on. Locally they sit in the in-process queue's DLQ;
// deployed, `--queue-url` starts an SQS message move task back to the source queue.
import { parseArgs } from 'node:util';
import {
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import type { Command } from '../cli.ts';
import { callLocal, localServerUrl, runCommand, UsageError } from '../runtime/cli-support.ts';

const help = `Usage: scoped-responder dlq <redrive|list> [options]

  redrive   moves dead-lettered messages back to the queue they came from
  list      shows the local DLQ (or, with --queue-url, the queue's message count and move tasks)

Options:
  --url <url>              local server (default http://localhost:$PORT, PORT default 3000)
  --queue-url <url>        a deployed DLQ (SQS); redrive uses StartMessageMoveTask
  --destination-arn <arn>  where to move them (default: the queue they were dead-lettered from)
  --region <region>        AWS region (default: from the environment)
  -h, --help               this text

Examples:
  npx scoped-responder dlq redrive
  npx scoped-responder dlq redrive --queue-url https://sqs.eu-west-1.amazonaws.com/123456789012/responder-dlq.fifo`;

export const command: Command = {
  summary: 'List or redrive dead-lettered messages (local, or --queue-url)',
  help,
  run: (argv) =>
    runCommand(help, async () => {
      const { values, positionals } = parseArgs({
        args: [...argv],
        options: {
          url: { type: 'string' },
          'queue-url': { type: 'string' },
          'destination-arn': { type: 'string' },
          region: { type: 'string' },
        },
        allowPositionals: true,
        strict: true,
      });
      const [action, ...extra] = positionals;
      if ((action !== 'redrive' && action !== 'list') || extra.length > 0) {
        throw new UsageError('expected: dlq redrive | dlq list');
      }
      const queueUrl = values['queue-url'];
      if (queueUrl) {
        return deployed(action, queueUrl, values.region, values['destination-arn']);
      }
      const base = localServerUrl(values.url);
      if (action === 'redrive') {
        const { moved } = await callLocal<{ moved: number }>(base, '/_local/dlq/redrive', {
          method: 'POST',
        });
        process.stdout.write(`moved ${moved} message(s) back to the local queue\n`);
        return 0;
      }
      const letters = await callLocal<
        { messageId: string; receiveCount: number; movedAt: string }[]
      >(base, '/_local/dlq');
      for (const letter of letters) {
        process.stdout.write(
          `${letter.movedAt}  ${letter.messageId}  received ${letter.receiveCount}×\n`,
        );
      }
      process.stdout.write(`${letters.length} message(s) in the local DLQ\n`);
      return 0;
    }),
};

async function deployed(
  action: 'redrive' | 'list',
  queueUrl: string,
  region: string | undefined,
  destinationArn: string | undefined,
): Promise<number> {
  const sqs = new SQSClient(region ? { region } : {});
  try {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'],
      }),
    );
    const sourceArn = Attributes?.QueueArn;
    if (!sourceArn) throw new Error(`${queueUrl}: no QueueArn`);
    if (action === 'list') {
      const tasks = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: sourceArn }));
      process.stdout.write(
        `${sourceArn}: ~${Attributes?.ApproximateNumberOfMessages ?? '?'} message(s)\n`,
      );
      for (const task of tasks.Results ?? []) {
        process.stdout.write(
          `  move task ${task.Status}: ${task.ApproximateNumberOfMessagesMoved ?? 0}/${task.ApproximateNumberOfMessagesToMove ?? '?'} moved\n`,
        );
      }
      return 0;
    }
    const { TaskHandle } = await sqs.send(
      new StartMessageMoveTaskCommand({
        SourceArn: sourceArn,
        ...(destinationArn ? { DestinationArn: destinationArn } : {}),
      }),
    );
    process.stdout.write(
      `started moving ~${Attributes?.ApproximateNumberOfMessages ?? '?'} message(s) from ${sourceArn}` +
        ` (task ${TaskHandle ?? '?'}); \`dlq list --queue-url …\` shows progress\n`,
    );
    return 0;
  } finally {
    sqs.destroy();
  }
}
