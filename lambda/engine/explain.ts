/**
 * Text rendering of an Evaluation. The evaluation is the data; this is one view of it.
 */
import type { Evaluation, LayerEvaluation, StatementRef } from './types';

/** "Deny 'Sid' (statement 2) of policy 'name'". */
function describeStatement(ref: StatementRef): string {
  const statement = ref.statementSid
    ? `'${ref.statementSid}' (statement ${ref.statementIndex})`
    : `statement ${ref.statementIndex}`;
  const policy = ref.policyName ?? ref.policyArn;
  const level = ref.level !== undefined ? ` at level ${ref.level}` : '';
  return `${ref.effect} ${statement}${policy !== undefined ? ` of '${policy}'` : ''}${level}`;
}

function verdict(layer: LayerEvaluation, evaluation: Evaluation): string {
  if (layer.unknown) return 'unknown (evidence missing): neither allows nor denies';
  if (layer.denies.length > 0) return `denies: ${layer.denies.map(describeStatement).join('; ')}`;
  if (layer.denied) {
    const levels = layer.levelsWithoutAllow;
    if (levels !== undefined && levels.length > 0) {
      const what = layer.policyType === 'vpc-endpoint' ? 'endpoint' : 'level';
      return `denies: no applicable Allow at ${what} ${levels.join(', ')}`;
    }
    return 'denies: no applicable Allow';
  }
  if (layer.allows.length > 0) return `allows: ${layer.allows.map(describeStatement).join('; ')}`;
  if (layer.policyType === 'rcp') return 'allows (RCPFullAWSAccess)';
  if (evaluation.kmsGrant && (layer.policyType === 'identity' || layer.policyType === 'resource')) {
    return `allows through the KMS grant${evaluation.kmsGrant.GrantId ? ` ${evaluation.kmsGrant.GrantId}` : ''}`;
  }
  if (evaluation.grantedDirectlyToSession) return 'no Allow needed: the resource policy grants the session directly';
  if (evaluation.grantedDirectly) return 'no Allow needed: the resource policy grants directly';
  return 'does not deny';
}

/**
 * Renders an evaluation as text: the decision, the blocking layers, then one line per present
 * layer with its applicable statements.
 *
 * @example
 * explain(evaluate(request));
 * // ImplicitlyDenied (blocked by: identity)
 * // identity: denies: no applicable Allow
 */
export function explain(evaluation: Evaluation): string {
  const head =
    evaluation.blockedBy.length > 0
      ? `${evaluation.decision} (blocked by: ${evaluation.blockedBy.join(', ')})`
      : evaluation.decision;
  const depends =
    evaluation.dependsOn !== undefined && evaluation.dependsOn.length > 0
      ? [`depends on: ${evaluation.dependsOn.join(', ')} (value not known)`]
      : [];
  const undecided = (evaluation.undecided ?? []).map((what) => `undecided: ${what}`);
  const lines = evaluation.layers
    .filter((layer) => layer.present || layer.unknown)
    .map((layer) => `${layer.policyType}: ${verdict(layer, evaluation)}`);
  return [head, ...depends, ...undecided, ...lines].join('\n');
}
