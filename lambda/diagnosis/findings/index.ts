/**
 * Findings (contract sections 4 and 5): for every denied check one finding per layer in its
 * `blockedBy`, with the cause that layer gives, plus the causes that deny whatever the
 * policies say. `Unknown` checks give no finding.
 */
import type { PolicyType } from '../../engine/types';
import type { Verdict } from '../judge';
import type { EvidenceRef, Failure, Finding, IncompleteEntry } from '../report';
import { CAUSES, type Cause } from './causes';
import { layerOf, nearMisses, quoteStatements, scpLevels, statementList } from './explain';
import { SAGEMAKER_SERVICE_PRINCIPAL } from '../checks/trust';
import type { Check } from '../checks';
import { valueOr, type RoleLayers } from '../layers';

export { CAUSES, type Cause } from './causes';

/** A finding before its patch is attached. */
export interface DraftFinding extends Omit<Finding, 'patch' | 'cause'> {
  cause: Cause;
  verdict?: Verdict;
  layer?: PolicyType;
}

const isDenied = (v: Verdict): boolean => v.decision === 'ExplicitlyDenied' || v.decision === 'ImplicitlyDenied';

function causeOf(verdict: Verdict, layer: PolicyType, explicit: boolean): Cause | undefined {
  const kind = verdict.check.target.kind;
  if (kind === 'trust') return 'TRUST_POLICY_NO_SAGEMAKER';
  switch (layer) {
    case 'identity':
      return explicit ? 'IDENTITY_POLICY_EXPLICIT_DENY' : 'IDENTITY_POLICY_NO_ALLOW';
    case 'permissions-boundary':
      return explicit ? 'PERMISSIONS_BOUNDARY_EXPLICIT_DENY' : 'PERMISSIONS_BOUNDARY_NO_ALLOW';
    case 'resource':
      if (kind === 's3') return explicit ? 'BUCKET_POLICY_EXPLICIT_DENY' : 'BUCKET_POLICY_NO_ALLOW';
      if (kind === 'kms') return explicit ? 'KEY_POLICY_EXPLICIT_DENY' : 'KEY_POLICY_NO_ALLOW';
      if (kind === 'ecr-repository')
        return explicit ? 'ECR_REPOSITORY_POLICY_EXPLICIT_DENY' : 'ECR_REPOSITORY_POLICY_NO_ALLOW';
      return undefined;
    case 'scp':
      return explicit ? 'SCP_EXPLICIT_DENY' : 'SCP_NO_ALLOW';
    case 'rcp':
      return 'RCP_EXPLICIT_DENY';
    case 'vpc-endpoint':
      return explicit ? 'VPC_ENDPOINT_POLICY_EXPLICIT_DENY' : 'VPC_ENDPOINT_POLICY_NO_ALLOW';
    case 'session':
      // SageMaker passes no session policy: nothing in a job's checks can be denied here.
      return undefined;
  }
}

const boundaryName = (role: RoleLayers): string | undefined => {
  const boundary = valueOr(role.boundary, null);
  return boundary?.name ?? boundary?.arn;
};

const endpointId = (check: Check): string | undefined => valueOr(check.vpcEndpoint, null)?.endpoint.VpcEndpointId;

function explanation(verdict: Verdict, layer: PolicyType, cause: Cause): string {
  const { check } = verdict;
  const role = check.role;
  const what = `${check.action} on ${check.resource}`;
  const judged = layerOf(verdict, layer);
  const denies = judged?.denies ?? [];
  switch (cause) {
    case 'IDENTITY_POLICY_NO_ALLOW': {
      const base =
        check.resourceAccount !== role.account
          ? `No identity-based policy of role '${role.roleName}' allows ${what}; the resource belongs to account ${check.resourceAccount}, so the role's own policies must allow it too.`
          : `No identity-based policy of role '${role.roleName}' allows ${what}, and no resource-based policy grants it to the role directly.`;
      return [base, ...nearMisses(valueOr(role.identity, undefined)?.policies ?? [], check.action)].join(' ');
    }
    case 'IDENTITY_POLICY_EXPLICIT_DENY':
      return `The identity-based policy ${quoteStatements(denies)} of role '${role.roleName}' denies ${what}.`;
    case 'PERMISSIONS_BOUNDARY_NO_ALLOW':
      return `The permissions boundary '${boundaryName(role)}' of role '${role.roleName}' does not allow ${what}: whatever the role's policies allow, the boundary caps it.`;
    case 'PERMISSIONS_BOUNDARY_EXPLICIT_DENY':
      return `The permissions boundary ${quoteStatements(denies)} of role '${role.roleName}' denies ${what}.`;
    case 'BUCKET_POLICY_EXPLICIT_DENY': {
      const bucket = check.target.kind === 's3' ? check.target.bucket : check.resource;
      return `The bucket policy of '${bucket}' denies ${check.action} to the execution role (${statementList(denies)}).`;
    }
    case 'BUCKET_POLICY_NO_ALLOW': {
      const bucket = check.target.kind === 's3' ? check.target.bucket : check.resource;
      return `Bucket '${bucket}' belongs to account ${check.resourceAccount}, not to the role's account ${role.account}: its bucket policy must grant ${what} to role '${role.roleName}' or to account ${role.account}, and it does not.`;
    }
    case 'KEY_POLICY_NO_ALLOW':
      return `The key policy of KMS key ${check.resource} neither allows role '${role.roleName}' nor delegates to account ${role.account} (a statement with principal arn:aws:iam::${role.account}:root), and no grant covers ${check.action}.`;
    case 'KEY_POLICY_EXPLICIT_DENY':
      return `The key policy of KMS key ${check.resource} denies ${check.action} to the execution role (${statementList(denies)}).`;
    case 'ECR_REPOSITORY_POLICY_NO_ALLOW':
      return `The repository ${check.resource} belongs to account ${check.resourceAccount}: its repository policy must grant ${check.action} to role '${role.roleName}' or to account ${role.account}, and it does not.`;
    case 'ECR_REPOSITORY_POLICY_EXPLICIT_DENY':
      return `The repository policy of ${check.resource} denies ${check.action} (${quoteStatements(denies)}).`;
    case 'SCP_NO_ALLOW':
      return `No service control policy at ${scpLevels(judged, verdict.scpLevelCount)} of account ${role.account} allows ${what}: every level from the root down must allow it.`;
    case 'SCP_EXPLICIT_DENY':
      return `The service control policy ${quoteStatements(denies)} of account ${role.account} denies ${what}.`;
    case 'RCP_EXPLICIT_DENY':
      return `The resource control policy ${quoteStatements(denies)} of account ${check.resourceAccount} denies ${what}.`;
    case 'VPC_ENDPOINT_POLICY_NO_ALLOW':
      return `The job's S3 traffic passes through VPC endpoint ${endpointId(check)}, whose policy does not allow ${what}.`;
    case 'VPC_ENDPOINT_POLICY_EXPLICIT_DENY':
      return `The policy of VPC endpoint ${endpointId(check)} denies ${what} (${quoteStatements(denies)}).`;
    case 'TRUST_POLICY_NO_SAGEMAKER': {
      const base = `The trust policy of role '${role.roleName}' does not let ${SAGEMAKER_SERVICE_PRINCIPAL} assume it (sts:AssumeRole with aws:SourceAccount ${check.context['aws:SourceAccount']} and aws:SourceArn ${check.context['aws:SourceArn']}).`;
      return denies.length ? `${base} It denies it in ${quoteStatements(denies)}.` : base;
    }
    default:
      return CAUSES[cause].title;
  }
}

function evidenceOf(verdict: Verdict, layer: PolicyType): EvidenceRef[] {
  const judged = layerOf(verdict, layer);
  const statements = judged?.denies.length ? judged.denies : [];
  return statements.map((s) => ({
    policyType: s.policyType,
    ...(s.policyArn !== undefined && { policyArn: s.policyArn }),
    ...(s.policyName !== undefined && { policyName: s.policyName }),
    ...(s.statementSid !== undefined && { statementSid: s.statementSid }),
    statementIndex: s.statementIndex,
  }));
}

function findingsOf(verdict: Verdict): DraftFinding[] {
  const { check } = verdict;
  const base = {
    action: check.action,
    resource: check.resource,
    location: check.location,
    purpose: check.purpose,
    verdict,
  };
  const replacing = check.extraCauses.find((c) => c.cause === 'KMS_AWS_MANAGED_KEY_CROSS_ACCOUNT');
  if (replacing) return [{ ...base, cause: replacing.cause, explanation: replacing.explanation, evidence: [] }];
  const out: DraftFinding[] = [];
  for (const layer of verdict.blockedBy) {
    const explicit = (layerOf(verdict, layer)?.denies.length ?? 0) > 0;
    const cause = causeOf(verdict, layer, explicit);
    if (!cause) continue;
    out.push({
      ...base,
      cause,
      layer,
      explanation: explanation(verdict, layer, cause),
      evidence: evidenceOf(verdict, layer),
    });
  }
  for (const extra of check.extraCauses) {
    out.push({ ...base, cause: extra.cause, explanation: extra.explanation, evidence: [] });
  }
  return out;
}

export function buildFindings(verdicts: Verdict[], failure: Failure, incomplete: IncompleteEntry[]): DraftFinding[] {
  const findings = verdicts.filter(isDenied).flatMap(findingsOf);
  if (failure.category === 'access-denied' && findings.length === 0)
    findings.push(unexplained(verdicts, failure, incomplete));
  return findings;
}

/** Exactly one, when the failure says access was denied and no check explains it. */
function unexplained(verdicts: Verdict[], failure: Failure, incomplete: IncompleteEntry[]): DraftFinding {
  const unknownChecks = verdicts.filter((v) => v.decision === 'Unknown').length;
  const parts = [
    `The failure says access was denied, but none of the ${verdicts.length} accesses checked for the job is denied by the evidence at hand.`,
  ];
  if (unknownChecks > 0) parts.push(`${unknownChecks} of them could not be judged.`);
  if (incomplete.length > 0) {
    const missing = incomplete.slice(0, 5).map((e) => `${e.what} (${e.why})`);
    parts.push(
      `Missing evidence: ${missing.join('; ')}${incomplete.length > 5 ? `; and ${incomplete.length - 5} more` : ''}.`,
    );
  }
  parts.push(
    'Other places to look: object ACLs, S3 Access Points, session policies, and services this tool does not check (see the job logs in CloudWatch).',
  );
  return {
    cause: 'UNEXPLAINED_ACCESS_DENIED',
    ...(failure.action !== undefined && { action: failure.action }),
    ...(failure.resource !== undefined && { resource: failure.resource }),
    explanation: parts.join(' '),
    evidence: [],
  };
}
