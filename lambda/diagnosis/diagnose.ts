// OWNED BY the lead: the diagnosis pipeline (event -> job model -> checks -> evaluation -> findings -> patches).
import type { Evidence, JobKind } from './evidence';
import type { Report } from './report';

export interface DiagnoseInput {
  /** The EventBridge failure event (the same JSON the Lambda receives). */
  event?: unknown;
  /** Or a job to look up by name. */
  job?: { name: string; kind?: JobKind; account?: string };
}

/** Throws InputError (lambda/errors.ts) for unusable input; evidence gaps become `incomplete`. */
export declare function diagnose(input: DiagnoseInput, evidence: Evidence): Promise<Report>;
