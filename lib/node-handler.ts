// One Lambda function with the house defaults: Node 24 on arm64, ESM bundle built by the local esbuild,
// X-Ray, its own log group with retention, and a role that can write to that log group and nothing else.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  CREATE_REQUIRE_BANNER,
  LAMBDA_TARGET,
  lambdaAliases,
  RUNTIME_PROVIDED_MODULES,
} from './lambda-bundling.ts';

/** The repository root: handler entries and the lock file are found from here, whatever the working directory. */
export const PACKAGE_ROOT = join(import.meta.dirname, '..');

export { CREATE_REQUIRE_BANNER };

/**
 * A file to put next to the bundled handler, so the runtime can read it from `/var/task/<name>`: copied
 * from `source`, written from `contents` (e.g. JSON converted at synth), or made by a `command` when the
 * bundle is built (e.g. a model trained from a file above: work that `cdk synth` without bundling skips).
 */
export type BundledFile =
  | {
      /** Absolute path of the file on the synth machine. */
      readonly source: string;
      /** File name inside the bundle. */
      readonly name: string;
    }
  | {
      /** The file's text. */
      readonly contents: string;
      /** File name inside the bundle. */
      readonly name: string;
    }
  | {
      /**
       * Program and arguments, run after the copied and written files are in place. `{bundle}` in an
       * argument stands for the bundle's directory, `{out}` for this file's path in it.
       */
      readonly command: readonly string[];
      /** File name inside the bundle. */
      readonly name: string;
    };

export interface NodeHandlerProps {
  /** Path of the handler file, relative to the repository root (e.g. `lambda/ingress.handler.ts`). */
  readonly entry: string;
  readonly description: string;
  /** Variables from docs/design.md; the Powertools ones are added here. */
  readonly environment: Readonly<Record<string, string>>;
  /** Powertools service name, also the `service` metric dimension. */
  readonly serviceName: string;
  /** Powertools metrics namespace. */
  readonly metricsNamespace: string;
  /** Powertools log level. */
  readonly logLevel: string;
  readonly logRetention: RetentionDays;
  /** Applies to the log group. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * Concurrency reserved for (and capped at) this function.
   * @default - the function draws on the account's unreserved pool
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Files copied into the bundle's output directory after esbuild runs.
   * @default - none
   */
  readonly bundledFiles?: readonly BundledFile[];
}

/** Quotes a path for the POSIX shell that runs the bundling command hooks. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Files given as contents are written to a synth-time folder first, then copied like the others. */
function copyFilesHook(files: readonly BundledFile[]): ICommandHooks {
  let written: string | undefined;
  const commands = files.flatMap((file) => ('command' in file ? [file] : []));
  const sources = files.flatMap((file) => {
    if ('command' in file) return [];
    if ('source' in file) return [{ source: file.source, name: file.name }];
    written ??= mkdtempSync(join(tmpdir(), 'scoped-responder-bundled-'));
    const source = join(written, file.name);
    writeFileSync(source, file.contents);
    return [{ source, name: file.name }];
  });
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) => [
      ...sources.map(
        (file) => `cp ${shellQuote(file.source)} ${shellQuote(join(outputDir, file.name))}`,
      ),
      ...commands.map((file) =>
        file.command
          .map((arg) =>
            shellQuote(
              arg.replaceAll('{out}', join(outputDir, file.name)).replaceAll('{bundle}', outputDir),
            ),
          )
          .join(' '),
      ),
    ],
  };
}

export class NodeHandler extends Construct {
  public readonly function: NodejsFunction;
  public readonly role: Role;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: NodeHandlerProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    // An own role instead of AWSLambdaBasicExecutionRole: that managed policy may write to every log group.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (execution role)`,
    });
    this.logGroup.grantWrite(this.role);

    const bundledFiles = props.bundledFiles ?? [];
    this.function = new NodejsFunction(this, 'Function', {
      entry: join(PACKAGE_ROOT, props.entry),
      handler: 'handler',
      projectRoot: PACKAGE_ROOT,
      depsLockFilePath: join(PACKAGE_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
        POWERTOOLS_LOG_LEVEL: props.logLevel,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: LAMBDA_TARGET,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        banner: CREATE_REQUIRE_BANNER,
        // The SDK is bundled, not taken from the runtime: a bundled, tree-shaken ESM SDK imports about twice
        // as fast as the runtime's copy (stack notes, section 5), and the version is the one the tests ran.
        // The exceptions are clients only a rare path needs, imported there on demand from the runtime's SDK
        // (lib/lambda-bundling.ts says which and why).
        externalModules: [...RUNTIME_PROVIDED_MODULES],
        // Lambda-only replacements of packages (the credential chain, the event-stream codec): see their headers.
        esbuildArgs: {
          '--alias': Object.entries(lambdaAliases(PACKAGE_ROOT)).map(
            ([name, path]) => `${name}=${path}`,
          ),
        },
        ...(bundledFiles.length > 0 ? { commandHooks: copyFilesHook(bundledFiles) } : {}),
      },
    });
  }
}
