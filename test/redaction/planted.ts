/**
 * Secrets planted in every secret-bearing field of a job, and a failure text that quotes each of
 * them the way an `ExecuteUserScriptError` quotes the command line: unquoted, JSON-decoded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Snapshot } from '../../lambda/evidence/snapshot/types';

/** Every planted value, as it must never appear in an output. */
export const PLANTED = {
  hyperparameter: 'hp-PLANTED-1234',
  environment: 'env-PLANTED-5678',
  argument: 'arg-PLANTED-77',
  entrypoint: 'ep-PLANTED-31.py',
  ruleParameter: 'rule-PLANTED-3',
  staticHyperparameter: 'st-PLANTED-42',
} as const;

/** Short values, which must not appear next to their names. */
export const PLANTED_SHORT = ['--pw q7', '--pin z9', 'PIN=z9', '--pw=q7'] as const;

/** The secret fields of a training job, holding the planted values (hyperparameters SDK-style, JSON-quoted). */
export const plantedFields = (algorithm: Record<string, unknown> = {}) => ({
  HyperParameters: { api_key: JSON.stringify(PLANTED.hyperparameter), pw: JSON.stringify('q7'), epochs: '10' },
  Environment: { DB_PASSWORD: PLANTED.environment, PIN: 'z9' },
  AlgorithmSpecification: {
    ...algorithm,
    ContainerEntrypoint: ['python3', PLANTED.entrypoint],
    ContainerArguments: ['--token', PLANTED.argument, '--pin', 'z9'],
  },
  DebugRuleConfigurations: [{ RuleConfigurationName: 'loss', RuleParameters: { token: PLANTED.ruleParameter } }],
});

/** A failure text quoting every planted value, after `reason`. */
export const quotingReason = (reason: string): string =>
  `${reason}; ExecuteUserScriptError: Command "/opt/conda/bin/python3 ${PLANTED.entrypoint} --api_key ${PLANTED.hyperparameter} --pw q7 --token ${PLANTED.argument} --pin z9 --rule ${PLANTED.ruleParameter}", env DB_PASSWORD=${PLANTED.environment} PIN=z9, stored "{\\"api_key\\": \\"\\\\\\"${PLANTED.hyperparameter}\\\\\\"\\"}"`;

/** The planted values that `text` holds. */
export function leaks(text: string): string[] {
  return [...Object.values(PLANTED), ...PLANTED_SHORT].filter((secret) => text.includes(secret));
}

export interface PlantedScenario {
  snapshot: Snapshot;
  event: Record<string, unknown> & { detail: Record<string, unknown> };
  jobName: string;
}

/** The acceptance scenario `name` (a training job) with planted secrets in its description and event. */
export function plantedScenario(name = 'identity-missing-getobject'): PlantedScenario {
  const data = JSON.parse(readFileSync(join(__dirname, '../fixtures/acceptance', `${name}.json`), 'utf8')) as Omit<
    PlantedScenario,
    'jobName'
  >;
  const account = Object.keys(data.snapshot.accounts)[0];
  const jobs = data.snapshot.accounts[account].sagemaker?.trainingJobs ?? {};
  const jobName = Object.keys(jobs)[0];
  const job = jobs[jobName] as Record<string, unknown>;
  const fields = plantedFields(job.AlgorithmSpecification as Record<string, unknown>);
  const FailureReason = quotingReason(job.FailureReason as string);
  Object.assign(job, fields, { FailureReason });
  Object.assign(data.event.detail, fields, { FailureReason });
  return { ...data, jobName };
}

/** Every line `logger` writes, as JSON text (the logger's console replaced). */
export function captureLogs(logger: Logger): string[] {
  const lines: string[] = [];
  const write = (...parts: unknown[]) => lines.push(parts.map(String).join(' '));
  Object.assign(logger, {
    console: { debug: write, info: write, warn: write, error: write, log: write, trace: write },
  });
  return lines;
}
