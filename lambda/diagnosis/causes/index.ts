/**
 * The registry of causes (docs/formats/causes.md): every family's module, in the order a
 * layer's denial looks for its cause. Adding a cause is adding its module and a line here.
 */
import type { PolicyType } from '../../engine/types';
import type { CheckTarget } from '../checks/types';
import type { PatchKind } from '../report';
import type { CauseRule, LayerCause, Severity } from './cause';
import * as bucketPolicy from './bucket-policy';
import * as bucketRegion from './bucket-region';
import * as crossAccountUnknown from './cross-account-unknown';
import * as ecrRepositoryPolicy from './ecr-repository-policy';
import * as identity from './identity';
import * as keyPolicy from './key-policy';
import * as kmsAwsManagedKey from './kms-aws-managed-key';
import * as kmsKeyNotUsable from './kms-key-not-usable';
import * as objectOwnership from './object-ownership';
import * as permissionsBoundary from './permissions-boundary';
import * as rcp from './rcp';
import * as requesterPays from './requester-pays';
import * as roleNotFound from './role-not-found';
import * as scp from './scp';
import * as trustPolicy from './trust-policy';
import * as unexplained from './unexplained';
import * as vpcEndpointPolicy from './vpc-endpoint-policy';

export const CAUSE_RULES = [
  // Policy layers' denials, as the engine judged them.
  ...identity.causes,
  ...permissionsBoundary.causes,
  ...bucketPolicy.causes,
  ...keyPolicy.causes,
  ...ecrRepositoryPolicy.causes,
  ...scp.causes,
  ...rcp.causes,
  ...vpcEndpointPolicy.causes,
  ...trustPolicy.causes,
  // Causes that deny whatever the policies say, raised by the check builders.
  ...kmsAwsManagedKey.causes,
  ...kmsKeyNotUsable.causes,
  ...objectOwnership.causes,
  ...requesterPays.causes,
  ...bucketRegion.causes,
  ...roleNotFound.causes,
  // The report's own.
  ...crossAccountUnknown.causes,
  ...unexplained.causes,
] as const;

/** Every cause code. */
export type CauseId = (typeof CAUSE_RULES)[number]['id'];

const BY_ID: ReadonlyMap<string, CauseRule> = new Map(CAUSE_RULES.map((rule) => [rule.id, rule]));

/** The cause of a code, when it is one of ours (a report read back may hold any string). */
export const causeRule = (id: string): CauseRule | undefined => BY_ID.get(id);

/** What the reports and notifications say of a cause. */
export interface CauseDefinition {
  title: string;
  severity: Severity;
  /** The automatic patch kind; `manual` = steps for a person; `none` = no fix to propose. */
  patch: PatchKind | 'none';
}

export const CAUSES = Object.fromEntries(
  CAUSE_RULES.map((rule) => [rule.id, { title: rule.title, severity: rule.severity, patch: rule.patch.kind }]),
) as Record<CauseId, CauseDefinition>;

const LAYER_RULES = CAUSE_RULES.filter((rule): rule is LayerCause<CauseId> & typeof rule => rule.kind === 'layer');

/** The cause a layer's denial of a check gives, by layer, check target and kind of denial. */
export function layerCauseOf(
  target: CheckTarget['kind'],
  layer: PolicyType,
  explicit: boolean,
): LayerCause<CauseId> | undefined {
  return LAYER_RULES.find(
    (rule) =>
      rule.layer === layer &&
      (rule.targets === undefined || rule.targets.includes(target)) &&
      (rule.denial === 'any' || (rule.denial === 'explicit') === explicit),
  );
}
