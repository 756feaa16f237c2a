/**
 * What a cause is (docs/formats/causes.md): its code, title, severity, the layer whose denial
 * gives it, how its explanation reads and which patch fixes it. Each family of causes is one
 * module of this folder; `index.ts` lists them.
 */
import type { LayerEvaluation, PolicyType, StatementRef } from '../../engine/types';
import type { Check, CheckTarget } from '../checks/types';
import type { DraftFinding } from '../findings';
import type { Verdict } from '../judge';
import type { RoleLayers } from '../layers';
import type { Patch, PatchKind } from '../report';
import type { CauseId } from '.';

export type Severity = 'high' | 'medium' | 'low';

/** The patch kinds that rewrite a resource-based policy (bucket, key, repository, trust, endpoint). */
type ResourcePatchKind = Exclude<PatchKind, 'manual' | 'role-inline-policy' | 'job-config'>;

/** The resource policy a patch rewrites, and the layer that judges it. */
export interface ResourceTarget {
  kind: ResourcePatchKind;
  target: string;
  layer: PolicyType;
  /** The document as its source holds it; null or undefined: none. */
  document: unknown;
}

/**
 * How a cause is fixed: the role's one inline policy of the job, a new resource policy (its
 * target, when the check has one), steps for a person, or nothing to propose.
 */
export type CausePatch =
  | { kind: 'role-inline-policy' }
  | { kind: ResourcePatchKind; target(check: Check): ResourceTarget | undefined }
  | { kind: 'manual'; steps(fix: Fix): Patch | null }
  | { kind: 'none' };

/** What the explanation of a layer's denial is built from. */
interface Denial {
  verdict: Verdict;
  check: Check;
  role: RoleLayers;
  /** `ACTION on RESOURCE` */
  what: string;
  /** How the layer judged the check, and its applicable Deny statements. */
  judged: LayerEvaluation | undefined;
  denies: StatementRef[];
}

/** What manual steps are built from: the finding, its check, and the statements that denied. */
export interface Fix {
  draft: DraftFinding;
  check: Check;
  role: RoleLayers;
  /** `ACTION on RESOURCE` */
  what: string;
  denies: StatementRef[];
}

interface CauseBase<Id extends string> {
  /** The cause code of the report (`findings[].cause`). */
  id: Id;
  title: string;
  severity: Severity;
  patch: CausePatch;
}

/** A policy layer's denial, as the engine judged it. */
export interface LayerCause<Id extends string = string> extends CauseBase<Id> {
  kind: 'layer';
  layer: PolicyType;
  /** The checks whose layer this is (the resource layer is a bucket's, a key's, ...); absent: every check. */
  targets?: readonly CheckTarget['kind'][];
  /** `explicit`: the layer has an applicable Deny; `no-allow`: it lacks an Allow; `any`: either. */
  denial: 'explicit' | 'no-allow' | 'any';
  explain(denial: Denial): string;
}

/**
 * A cause that denies whatever the policies say (docs/formats/causes.md), raised by the check
 * builders with the facts its explanation needs.
 */
export interface ConditionCause<Id extends string = string, Facts = never> extends CauseBase<Id> {
  kind: 'condition';
  /** Its finding replaces the policy findings of its check. */
  replacesLayerFindings?: boolean;
  explain(facts: Facts): string;
}

/** A cause of the report as a whole, which no check raises. */
export interface ReportCause<Id extends string = string, Facts = never> extends CauseBase<Id> {
  kind: 'report';
  explain(facts: Facts): string;
}

export type CauseRule<Id extends string = string> = LayerCause<Id> | ConditionCause<Id, never> | ReportCause<Id, never>;

/** Helpers that keep each cause's id a literal type, so the registry knows every code. */
export const layerCause = <const Id extends string>(rule: Omit<LayerCause<Id>, 'kind'>): LayerCause<Id> => ({
  kind: 'layer',
  ...rule,
});
export const conditionCause = <const Id extends string, Facts>(
  rule: Omit<ConditionCause<Id, Facts>, 'kind'>,
): ConditionCause<Id, Facts> => ({ kind: 'condition', ...rule });
export const reportCause = <const Id extends string, Facts>(
  rule: Omit<ReportCause<Id, Facts>, 'kind'>,
): ReportCause<Id, Facts> => ({ kind: 'report', ...rule });

/** A cause a check carries whatever its verdict, with its explanation. */
export interface RaisedCause {
  cause: CauseId;
  explanation: string;
}

/** Raises a condition cause with its facts: the check builders call this. */
export const raise = <Id extends CauseId, Facts>(cause: ConditionCause<Id, Facts>, facts: Facts): RaisedCause => ({
  cause: cause.id,
  explanation: cause.explain(facts),
});

/** A manual patch: who must change what. */
export const manual = (steps: (fix: Fix) => Patch | null): CausePatch => ({ kind: 'manual', steps });

/** Manual steps on one target: each step a sentence, or built from the finding. */
export const manualSteps = (target: (fix: Fix) => string, ...steps: (string | ((fix: Fix) => string))[]) =>
  manual((fix) => ({
    kind: 'manual',
    target: target(fix),
    steps: steps.map((step) => (typeof step === 'string' ? step : step(fix))),
  }));

/** A new policy for the check's own resource (a key, a repository), judged as its resource layer. */
export const resourcePolicyPatch = (kind: 'key-policy' | 'repository-policy'): CausePatch => ({
  kind,
  target: (check) => ({ kind, target: check.resource, layer: 'resource', document: check.resourceDocument }),
});
