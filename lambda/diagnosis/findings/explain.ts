/**
 * The words of each finding: what denies, quoting the statements (Sid, else index) and the
 * policy (name or ARN), so a person can find the line to change.
 */
import { isAwsManagedPolicyArn } from '../../arn';
import type { CompiledPolicy, LayerEvaluation, StatementRef } from '../../engine/types';
import type { Verdict } from '../judge';

const quote = (s: StatementRef): string => (s.statementSid ? `'${s.statementSid}'` : `#${s.statementIndex}`);

const policyName = (s: StatementRef): string => s.policyName ?? s.policyArn ?? s.policyType;

/** "policy 'P' (statement 'A', statement #2)" for every policy among the statements. */
export function quoteStatements(statements: StatementRef[]): string {
  const byPolicy = new Map<string, StatementRef[]>();
  for (const s of statements) {
    const name = policyName(s);
    byPolicy.set(name, [...(byPolicy.get(name) ?? []), s]);
  }
  return [...byPolicy.entries()]
    .map(([name, refs]) => `'${name}' (${refs.map((r) => `statement ${quote(r)}`).join(', ')})`)
    .join(', ');
}

/** "statement 'A', statement #2" */
export const statementList = (statements: StatementRef[]): string =>
  statements
    .map(
      (s) =>
        `statement ${quote(s)}${s.notPrincipalIgnored ? ': its NotPrincipal does not except a role that has a permissions boundary' : ''}`,
    )
    .join(', ');

/** "'P' statement 'A', 'Q' statement #2": each statement once, by its policy's name or ARN. */
export const namedStatements = (refs: StatementRef[]): string =>
  [...new Set(refs.map((r) => `'${r.policyName ?? r.policyArn}' statement ${quote(r)}`))].join(', ');

export function layerOf(verdict: Verdict, type: LayerEvaluation['policyType']): LayerEvaluation | undefined {
  return verdict.evaluation.layers.find((l) => l.policyType === type);
}

const levelName = (level: number, levels: number): string =>
  level === 0 ? 'the organization root' : level === levels - 1 ? 'the account' : `organizational unit level ${level}`;

/** SCP levels without an applicable Allow, in words. */
export function scpLevels(layer: LayerEvaluation | undefined, levels: number): string {
  const missing = layer?.levelsWithoutAllow ?? [];
  if (missing.length === 0) return 'a level';
  return missing.map((l) => levelName(l, levels)).join(', ');
}

/**
 * Statements that allow the action, but on resources the request does not match: the
 * "AmazonSageMakerFullAccess is attached and it still fails" case (its S3 object grants
 * cover only ARNs containing `sagemaker`).
 */
export function nearMisses(policies: CompiledPolicy[], action: string): string[] {
  const notes: string[] = [];
  for (const policy of policies) {
    const patterns = new Set<string>();
    const conditional: string[] = [];
    for (const s of policy.statements) {
      if (s.effect !== 'Allow' || !s.resources || !s.matchesAction(action)) continue;
      const keys = Object.values(s.condition ?? {}).flatMap((block) => Object.keys(block));
      if (keys.length > 0) conditional.push(`on ${s.resources.join(', ')} when ${[...new Set(keys)].join(', ')} match`);
      else s.resources.forEach((r) => patterns.add(r));
    }
    if (patterns.size === 0 && conditional.length === 0) continue;
    const managed = isAwsManagedPolicyArn(policy.arn ?? '');
    const name = policy.name ?? policy.arn ?? 'an identity policy';
    const list = [...patterns].slice(0, 6).join(', ') + (patterns.size > 6 ? ` (+${patterns.size - 6} more)` : '');
    const parts = [patterns.size > 0 ? `on ${list}` : '', ...conditional].filter(Boolean).join(', and ');
    notes.push(
      `${managed ? 'The AWS managed policy' : 'Policy'} '${name}' allows ${action} only ${parts}, which does not cover this request.`,
    );
  }
  return notes;
}
