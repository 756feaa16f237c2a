/**
 * Steps for the causes no policy patch of ours can fix (contract section 5, `manual`): who
 * must change what.
 */
import type { StatementRef } from '../../engine/types';
import type { DraftFinding } from '../findings';
import { layerOf } from '../findings/explain';
import type { Patch } from '../report';
import { valueOr } from '../layers';

const statementsOf = (draft: DraftFinding): StatementRef[] =>
  (draft.verdict && draft.layer ? layerOf(draft.verdict, draft.layer)?.denies : undefined) ?? [];

const named = (refs: StatementRef[]): string =>
  [
    ...new Set(
      refs.map(
        (r) =>
          `'${r.policyName ?? r.policyArn}' statement ${r.statementSid ? `'${r.statementSid}'` : `#${r.statementIndex}`}`,
      ),
    ),
  ].join(', ');

export function manualPatch(draft: DraftFinding): Patch | null {
  const check = draft.verdict?.check;
  if (!check) return null;
  const role = check.role;
  const what = `${check.action} on ${check.resource}`;
  const denies = statementsOf(draft);
  const firstPolicyArn = denies.find((d) => d.policyArn)?.policyArn;
  const boundary = valueOr(role.boundary, null);
  switch (draft.cause) {
    case 'IDENTITY_POLICY_EXPLICIT_DENY':
      return {
        kind: 'manual',
        target: role.arn,
        steps: [
          `${named(denies)} of role '${role.roleName}' denies ${what}. An explicit Deny wins over every Allow: narrow that statement (a condition or resource that excludes this job's access) or detach the policy from the role.`,
          'If the policy is managed by another team (a shared guardrail), ask its owner: the Deny may be intended.',
        ],
      };
    case 'PERMISSIONS_BOUNDARY_NO_ALLOW':
    case 'PERMISSIONS_BOUNDARY_EXPLICIT_DENY':
      return {
        kind: 'manual',
        target: boundary?.arn ?? role.arn,
        steps: [
          draft.cause === 'PERMISSIONS_BOUNDARY_NO_ALLOW'
            ? `The permissions boundary '${boundary?.name ?? boundary?.arn}' of role '${role.roleName}' does not allow ${what}; the role can never use more than the boundary allows.`
            : `The permissions boundary of role '${role.roleName}' denies ${what} in ${named(denies)}.`,
          "Whoever administers the boundary (usually the platform or security team) must allow this access in it, or give the role another boundary (aws iam put-role-permissions-boundary). Changing the role's own policies does not help.",
        ],
      };
    case 'SCP_NO_ALLOW':
    case 'SCP_EXPLICIT_DENY':
      return {
        kind: 'manual',
        target: firstPolicyArn ?? role.account,
        steps: [
          draft.cause === 'SCP_EXPLICIT_DENY'
            ? `The service control policy ${named(denies)} denies ${what} for every principal of account ${role.account}.`
            : `A service control policy level above account ${role.account} does not allow ${what}.`,
          'Only the AWS Organizations administrator (management account or delegated administrator) can change SCPs: ask them for an exception for this role or this data, or move the data to where the guardrail allows it.',
        ],
      };
    case 'RCP_EXPLICIT_DENY':
      return {
        kind: 'manual',
        target: firstPolicyArn ?? check.resourceAccount,
        steps: [
          `The resource control policy ${named(denies)} of account ${check.resourceAccount} denies ${what}.`,
          'Only the AWS Organizations administrator can change RCPs: ask them for an exception for this role, or keep the data where the guardrail allows this access.',
        ],
      };
    case 'KMS_AWS_MANAGED_KEY_CROSS_ACCOUNT': {
      const bucket = draft.location?.startsWith('s3://') ? draft.location : 'the data';
      return {
        kind: 'manual',
        target: check.resource,
        steps: [
          `In account ${check.resourceAccount}: create a customer managed KMS key whose key policy allows role ${role.arn} (or account ${role.account}) kms:Decrypt.`,
          `Re-encrypt ${bucket} with it (for example aws s3 cp SOURCE SOURCE --recursive --sse aws:kms --sse-kms-key-id NEW_KEY_ARN) and make it the bucket's default encryption key.`,
          `In account ${role.account}: allow role '${role.roleName}' kms:Decrypt on the new key in its identity policy.`,
        ],
      };
    }
    case 'KMS_KEY_NOT_USABLE': {
      const key = check.target.kind === 'kms' ? check.target.evidence : undefined;
      const state = key?.keyState.known ? key.keyState.value : 'missing';
      const region = check.resource.split(':')[3];
      const commands =
        state === 'Disabled'
          ? [`aws kms enable-key --region ${region} --key-id ${check.resource}`]
          : state === 'PendingDeletion'
            ? [
                `aws kms cancel-key-deletion --region ${region} --key-id ${check.resource}`,
                `aws kms enable-key --region ${region} --key-id ${check.resource}`,
              ]
            : [];
      const steps: Record<string, string> = {
        Disabled: `The key owner (account ${check.resourceAccount}) enables the key.`,
        PendingDeletion: `The key owner (account ${check.resourceAccount}) cancels the scheduled deletion, then enables the key.`,
        PendingImport: `The key owner (account ${check.resourceAccount}) imports the key material.`,
        Unavailable: `The key owner (account ${check.resourceAccount}) reconnects the custom key store of the key.`,
        missing: `The key does not exist: point the job (or the bucket's default encryption) at an existing key.`,
      };
      return {
        kind: 'manual',
        target: check.resource,
        steps: [steps[state] ?? `The key is in state '${state}': the key owner makes it usable again.`],
        ...(commands.length && { commands }),
      };
    }
    case 'OBJECT_OWNED_BY_OTHER_ACCOUNT': {
      const bucket = check.target.kind === 's3' ? check.target.bucket : '';
      return {
        kind: 'manual',
        target: `arn:aws:s3:::${bucket}`,
        steps: [
          `The owner of bucket '${bucket}' (account ${check.resourceAccount}) sets Object Ownership to BucketOwnerEnforced, which disables ACLs and makes the bucket owner own every object: aws s3api put-bucket-ownership-controls --bucket ${bucket} --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'`,
          "Or the object's owner copies it again with --acl bucket-owner-full-control.",
        ],
      };
    }
    case 'BUCKET_REQUESTER_PAYS': {
      const bucket = check.target.kind === 's3' ? check.target.bucket : '';
      return {
        kind: 'manual',
        target: `arn:aws:s3:::${bucket}`,
        steps: [
          `The owner of bucket '${bucket}' (account ${check.resourceAccount}) turns Requester Pays off (aws s3api put-bucket-request-payment --bucket ${bucket} --request-payment-configuration Payer=BucketOwner), or the data is copied to a bucket of account ${role.account}: SageMaker cannot send the requester-pays header.`,
        ],
      };
    }
    default:
      return null;
  }
}
