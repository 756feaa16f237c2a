/**
 * The Lambda that EventBridge invokes with a SageMaker failure event: it diagnoses the failure
 * on live AWS and publishes the report to the SNS topic.
 *
 * `handler` is a thin wrapper over `createHandler(dependencies)`, which tests drive with fakes.
 * Edge rules:
 * - an event that is not a supported SageMaker failure is logged, counted and answered
 *   normally: retrying it would never help;
 * - one failure gives one notification, however often EventBridge delivers it (Powertools
 *   idempotency over DynamoDB, keyed by notify/idempotency-key.ts);
 * - the reads stop early enough for the report of what was gathered to go out before the
 *   Lambda's timeout.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyPersistenceLayerError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';
import { accountOfArn } from './arn';
import { ENV, NOTIFY_ON, type NotifyOn } from './config';
import { diagnose as realDiagnose, type DiagnoseInput } from './diagnosis/diagnose';
import { type FailureEvent, parseFailureEvent } from './diagnosis/events';
import type { Evidence } from './evidence/evidence';
import type { FailureCategory, Report } from './diagnosis/report';
import { InputError } from './errors';
import { isCloudTrailCall, parseWatchedCall, type WatchedCallEvent } from './early-warning/cloudtrail-event';
import { earlyWarning } from './early-warning/early-warning';
import { decorateClients } from './evidence/live/clients';
import { createLiveEvidence, type LiveEvidence, type LiveEvidenceOptions } from './evidence/live/live-evidence';
import { failureKey, failureTimesOf } from './notify/idempotency-key';
import { publishReport } from './notify/publish';
import { primaryCause } from './notify/summary';
import { Secrets } from './redaction';

const SERVICE_NAME = 'sagemaker-access-doctor';
/** Kept free at the end of the invocation to publish the report. */
export const PUBLISH_RESERVE_MS = 5_000;
/** Failures of these categories are access failures (`NOTIFY_ON=access-denied`). */
export const ACCESS_CATEGORIES: readonly FailureCategory[] = ['access-denied', 'trust'];
/** A duplicate event within this time gives no second notification. */
export const IDEMPOTENCY_WINDOW_SECONDS = 24 * 60 * 60;

/** What one invocation did: returned to Lambda (and stored by the idempotency layer). */
export type Outcome =
  | {
      status: 'notified';
      jobArn: string;
      cause: string;
      category: FailureCategory;
      messageId?: string;
      incomplete: number;
    }
  | { status: 'skipped'; jobArn: string; category: FailureCategory; reason: string }
  | { status: 'ignored'; reason: string }
  | { status: 'duplicate'; jobArn: string; reason: string }
  | { status: 'rejected'; reason: string };

export interface HandlerConfig {
  topicArn: string;
  notifyOn: NotifyOn;
  crossAccountRoleName?: string;
  objectLevelReads: boolean;
  /** DynamoDB table of the idempotency records; absent: no deduplication. */
  idempotencyTable?: string;
}

export interface HandlerDependencies {
  config: HandlerConfig;
  logger: Logger;
  metrics: Metrics;
  tracer?: Tracer;
  createEvidence(options: LiveEvidenceOptions): Promise<LiveEvidence>;
  diagnose(input: DiagnoseInput, evidence: Evidence): Promise<Report>;
  publish(report: Report, options: { id: string; secrets: Secrets }): Promise<string | undefined>;
  /** Where the idempotency records live. @default - DynamoDB table `config.idempotencyTable` */
  persistenceStore?: BasePersistenceLayer;
}

/** One failure (or one watched call) on its way through the idempotency layer (only `key` is hashed). */
interface Work {
  key: string;
  event: unknown;
  /** The job (or pipeline execution) the work is about, for the logs. */
  jobArn: string;
  /** What is done once: diagnose and notify a failure, or preflight a created job. */
  act: (work: Work) => Promise<Outcome>;
  live: LiveEvidence;
  /** Whether the diagnosis started, and what it notified: tells a table outage before from one after. */
  attempt: { started: boolean; outcome?: Outcome; error?: unknown };
}

/** Reads the configuration the construct sets (lambda/config.ts). */
export function configFromEnvironment(env: NodeJS.ProcessEnv = process.env): HandlerConfig {
  const notifyOn = env[ENV.notifyOn] || 'all';
  if (!(NOTIFY_ON as readonly string[]).includes(notifyOn)) {
    throw new InputError(`${ENV.notifyOn} must be one of ${NOTIFY_ON.join(', ')}, not '${notifyOn}'`);
  }
  return {
    topicArn: env[ENV.topicArn] ?? '',
    notifyOn: notifyOn as NotifyOn,
    crossAccountRoleName: env[ENV.crossAccountRoleName] || undefined,
    objectLevelReads: env[ENV.objectLevelReads] === 'true',
    idempotencyTable: env[ENV.idempotencyTable] || undefined,
  };
}

/** The account of the Lambda itself, from its ARN (no STS call needed). */
const accountOfFunction = (context: Context): string | undefined => accountOfArn(context.invokedFunctionArn ?? '');

export function createHandler(
  dependencies: HandlerDependencies,
): (event: unknown, context: Context) => Promise<Outcome> {
  const { config, logger, metrics, tracer } = dependencies;

  /** Diagnoses and notifies one validated failure (the idempotent part), noting how it ended. */
  async function processFailure(work: Work): Promise<Outcome> {
    work.attempt.started = true;
    try {
      work.attempt.outcome = await work.act(work);
      return work.attempt.outcome;
    } catch (error) {
      work.attempt.error = error;
      throw error;
    }
  }

  async function notifyFailure(work: Work, failure: FailureEvent): Promise<Outcome> {
    const { live } = work;
    const report = await dependencies.diagnose({ event: failure }, live.evidence);
    const { category } = report.failure;
    metrics.singleMetric().addDimension('category', category).addMetric('Failures', MetricUnit.Count, 1);
    if (report.incomplete.length > 0)
      metrics.addMetric('IncompleteEvidence', MetricUnit.Count, report.incomplete.length);
    if (config.notifyOn === 'access-denied' && !ACCESS_CATEGORIES.includes(category)) {
      logger.info('Not an access failure: not notified', { category, notifyOn: config.notifyOn });
      return { status: 'skipped', jobArn: report.job.arn, category, reason: `NOTIFY_ON=${config.notifyOn}` };
    }
    const cause = primaryCause(report);
    const secrets = Secrets.ofEvent(work.event).merge(live.secrets());
    const messageId = await dependencies.publish(report, { id: work.key, secrets });
    metrics.singleMetric().addDimension('cause', cause).addMetric('Diagnoses', MetricUnit.Count, 1);
    logger.info('Report published', {
      cause,
      category,
      findings: report.findings.length,
      incomplete: report.incomplete.length,
      messageId,
    });
    return {
      status: 'notified',
      jobArn: report.job.arn,
      cause,
      category,
      messageId,
      incomplete: report.incomplete.length,
    };
  }

  const idempotencyConfig = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    expiresAfterSeconds: IDEMPOTENCY_WINDOW_SECONDS,
  });
  const persistenceStore =
    dependencies.persistenceStore ??
    (config.idempotencyTable
      ? new DynamoDBPersistenceLayer({ tableName: config.idempotencyTable, awsSdkV3Client: new DynamoDBClient({}) })
      : undefined);
  const idempotent = persistenceStore
    ? makeIdempotent(processFailure, { persistenceStore, config: idempotencyConfig })
    : undefined;

  /**
   * Runs one failure through the idempotency layer, deciding its errors the way an operator
   * expects (docs/lambda.md, "Deduplication"):
   * - a concurrent duplicate delivery (`IdempotencyAlreadyInProgressError`) is handled by the
   *   invocation in progress: not an error, no second notification;
   * - the table unavailable before the diagnosis (`IdempotencyPersistenceLayerError`): notify
   *   without deduplication rather than not at all;
   * - the table unavailable after the notification went out: the notification stands, unrecorded
   *   (a redelivery of the same event then notifies once more).
   */
  async function run(work: Work): Promise<Outcome> {
    if (!idempotent) return processFailure(work);
    try {
      return await idempotent(work);
    } catch (error) {
      if (error instanceof IdempotencyAlreadyInProgressError) {
        logger.info('A duplicate delivery of a failure being handled: not handled twice', { jobArn: work.jobArn });
        metrics.addMetric('DuplicateDeliveries', MetricUnit.Count, 1);
        return { status: 'duplicate', jobArn: work.jobArn, reason: 'the same failure is being handled' };
      }
      if (!(error instanceof IdempotencyPersistenceLayerError)) throw error;
      metrics.addMetric('IdempotencyUnavailable', MetricUnit.Count, 1);
      const why = { jobArn: work.jobArn, error: errorFields(error, Secrets.ofEvent(work.event)) };
      if (work.attempt.outcome) {
        logger.warn('Handled, but the idempotency record could not be saved: a redelivery is handled again', why);
        return work.attempt.outcome;
      }
      if (work.attempt.started) {
        // The diagnosis failed and its in-progress record could not be removed: it expires with
        // this invocation, before Lambda's retry. The diagnosis's own error is what to report.
        logger.warn('The idempotency record of a failed attempt could not be removed', why);
        throw work.attempt.error ?? error;
      }
      logger.warn('The idempotency table is unavailable: notifying without deduplication', why);
      return processFailure(work);
    }
  }

  /**
   * The early warning (docs/preflight.md): preflight of the job a watched call created; a
   * notification only when a check is denied, in the chat thread its failure alert would use.
   */
  async function warnEarly(work: Work, call: WatchedCallEvent): Promise<Outcome> {
    const warning = await earlyWarning(call, work.live.evidence);
    if (!warning.warn) {
      logger.info('Early warning: nothing to warn of', { reason: warning.reason });
      return { status: 'skipped', jobArn: call.arn, category: 'none', reason: warning.reason };
    }
    const { report } = warning;
    const cause = primaryCause(report);
    const secrets = Secrets.ofEvent(work.event).merge(work.live.secrets());
    const messageId = await dependencies.publish(report, { id: work.key, secrets });
    metrics.singleMetric().addDimension('cause', cause).addMetric('EarlyWarnings', MetricUnit.Count, 1);
    logger.info('Early warning published', { cause, findings: report.findings.length, messageId });
    return {
      status: 'notified',
      jobArn: call.arn,
      cause,
      category: 'none',
      messageId,
      incomplete: report.incomplete.length,
    };
  }

  async function handleCall(event: unknown, context: Context): Promise<Outcome> {
    let call: WatchedCallEvent | undefined;
    try {
      call = parseWatchedCall(event);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      logger.error('Malformed CloudTrail event: not retried', { reason: error.message });
      return { status: 'rejected', reason: error.message };
    }
    if (!call) return { status: 'ignored', reason: 'not a watched SageMaker call that succeeded' };
    const watched = call;
    logger.appendKeys({ jobArn: watched.arn, detailType: watched.eventName });
    const live = await dependencies.createEvidence({
      region: watched.region,
      account: accountOfFunction(context),
      crossAccountRoleName: config.crossAccountRoleName,
      objectLevelReads: config.objectLevelReads,
      deadline: () => context.getRemainingTimeInMillis() - PUBLISH_RESERVE_MS,
    });
    // One warning per call (CloudTrail's event id), whatever EventBridge redelivers; its own key
    // space: the failure alert that may follow is another notification, in the same thread.
    const key = `early-warning#${watched.arn.toLowerCase()}#${watched.eventId ?? ''}`;
    return run({
      key,
      event,
      jobArn: watched.arn,
      act: (work) => warnEarly(work, watched),
      live,
      attempt: { started: false },
    });
  }

  return async (event, context) => {
    logger.addContext(context);
    idempotencyConfig.registerLambdaContext(context);
    let jobArn: string | undefined;
    try {
      if (isCloudTrailCall(event)) {
        try {
          return await handleCall(event, context);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          logger.error('The created job cannot be checked: not retried', { reason: error.message });
          return { status: 'rejected', reason: error.message };
        }
      }
      let failure: FailureEvent;
      try {
        failure = parseFailureEvent(event);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        // Logged with the detail-type only: the event's detail may hold hyperparameters.
        logger.error('Malformed event: not retried', {
          reason: error.message,
          detailType: (event as Record<string, unknown> | null)?.['detail-type'],
        });
        metrics.singleMetric().addDimension('category', 'malformed-event').addMetric('Failures', MetricUnit.Count, 1);
        return { status: 'rejected', reason: error.message };
      }
      jobArn = failure.arn;
      logger.appendKeys({ jobArn: failure.arn, detailType: failure.detailType });
      tracer?.putAnnotation('jobArn', failure.arn);
      if (!failure.failed) {
        logger.info('Not a failure: ignored', { status: failure.status });
        return { status: 'ignored', reason: `status ${failure.status ?? 'unknown'} is not a failure` };
      }
      try {
        const live = await dependencies.createEvidence({
          region: failure.region,
          account: accountOfFunction(context),
          crossAccountRoleName: config.crossAccountRoleName,
          objectLevelReads: config.objectLevelReads,
          deadline: () => context.getRemainingTimeInMillis() - PUBLISH_RESERVE_MS,
        });
        const key = failureKey(failure, await failureTimesOf(failure, live.evidence));
        return await run({
          key,
          event,
          jobArn: failure.arn,
          act: (work) => notifyFailure(work, failure),
          live,
          attempt: { started: false },
        });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        logger.error('The failure cannot be diagnosed: not retried', { jobArn, reason: error.message });
        metrics.singleMetric().addDimension('category', 'undiagnosable').addMetric('Failures', MetricUnit.Count, 1);
        return { status: 'rejected', reason: error.message };
      }
    } catch (error) {
      // Thrown on to Lambda, which retries the event and then keeps it, with this error, in the
      // on-failure destination (docs/lambda.md): the log line names the job and the error.
      logger.error('The failure was not notified: Lambda retries it', {
        jobArn,
        error: errorFields(error, Secrets.ofEvent(event)),
      });
      throw error;
    } finally {
      metrics.publishStoredMetrics();
      logger.removeKeys(['jobArn', 'detailType']);
    }
  };
}

/**
 * What a log line says of an error: its name, message and AWS's request id and status (an SDK
 * error), the secrets of the event redacted, no stack (the Lambda's own frames say nothing the
 * name and message do not).
 */
function errorFields(error: unknown, secrets: Secrets): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: secrets.redact(String(error)) };
  const metadata = (error as { $metadata?: { httpStatusCode?: number; requestId?: string } }).$metadata;
  const cause =
    error.cause instanceof Error ? { cause: `${error.cause.name}: ${secrets.redact(error.cause.message)}` } : {};
  return {
    name: error.name,
    message: secrets.redact(error.message),
    ...cause,
    ...(metadata?.httpStatusCode !== undefined ? { httpStatusCode: metadata.httpStatusCode } : {}),
    ...(metadata?.requestId !== undefined ? { requestId: metadata.requestId } : {}),
  };
}

// Created once per container: reused by every invocation it serves.
const logger = new Logger({ serviceName: SERVICE_NAME });
const metrics = new Metrics({
  serviceName: SERVICE_NAME,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'SageMakerAccessDoctor',
});
const tracer = new Tracer({ serviceName: SERVICE_NAME });
const sns = tracer.captureAWSv3Client(new SNSClient({}));
decorateClients((client) => tracer.captureAWSv3Client(client));

let configured: ((event: unknown, context: Context) => Promise<Outcome>) | undefined;

/** The Lambda entry point. */
export const handler = async (event: unknown, context: Context): Promise<Outcome> => {
  if (!configured) {
    const config = configFromEnvironment();
    configured = createHandler({
      config,
      logger,
      metrics,
      tracer,
      createEvidence: createLiveEvidence,
      diagnose: realDiagnose,
      publish: (report, options) => publishReport(sns, config.topicArn, report, options),
    });
  }
  return configured(event, context);
};
