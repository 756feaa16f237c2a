/**
 * Least-privilege statements for a set of denied accesses: only the denied actions, only the
 * job's own ARNs, grouped so that accesses sharing resources share a statement.
 */
import type { Statement } from './document';

export interface Access {
  action: string;
  resource: string;
  /** Condition of the statement that grants it (e.g. `s3:prefix` for a ListBucket). */
  condition?: Record<string, Record<string, string[]>>;
}

/** The `s3:prefix` condition that admits a ListBucket of exactly the job's prefixes. */
export function listBucketCondition(prefix: string): Record<string, Record<string, string[]>> | undefined {
  if (prefix === '') return undefined;
  return { StringLike: { 's3:prefix': [`${prefix}*`] } };
}

const sidSafe = (text: string): string => text.replace(/[^A-Za-z0-9]/g, '');

/**
 * Groups accesses: one statement per distinct (actions, condition) with every resource that
 * needs exactly those actions. ListBucket prefixes of one bucket merge into one condition.
 */
export function statementsFor(
  accesses: Access[],
  extra: (s: Statement) => Statement = (s) => s,
  sidPrefix = 'AccessDoctor',
): Statement[] {
  // Merge s3:prefix conditions of one (action, resource).
  const merged = new Map<string, Access>();
  for (const a of accesses) {
    const id = `${a.action.toLowerCase()}\u0000${a.resource}`;
    const seen = merged.get(id);
    if (!seen) merged.set(id, structuredClone(a));
    else if (seen.condition && a.condition) {
      const values = seen.condition.StringLike?.['s3:prefix'];
      const more = a.condition.StringLike?.['s3:prefix'] ?? [];
      if (values) for (const v of more) if (!values.includes(v)) values.push(v);
    } else if (!a.condition) delete seen.condition;
  }
  // Actions per (resource, condition).
  const actionsOf = new Map<string, { resource: string; condition?: Access['condition']; actions: string[] }>();
  for (const a of merged.values()) {
    const id = `${a.resource}\u0000${JSON.stringify(a.condition ?? null)}`;
    const group = actionsOf.get(id) ?? { resource: a.resource, condition: a.condition, actions: [] };
    if (!group.actions.includes(a.action)) group.actions.push(a.action);
    actionsOf.set(id, group);
  }
  // Resources per (actions, condition).
  const statements = new Map<string, { actions: string[]; resources: string[]; condition?: Access['condition'] }>();
  for (const g of actionsOf.values()) {
    const actions = [...g.actions].sort();
    const id = `${actions.join(',')}\u0000${JSON.stringify(g.condition ?? null)}`;
    const s = statements.get(id) ?? { actions, resources: [], condition: g.condition };
    s.resources.push(g.resource);
    statements.set(id, s);
  }
  return [...statements.values()].map((s, i) => {
    const service = sidSafe(s.actions[0].split(':')[0] ?? '');
    const statement: Statement = {
      Sid: `${sidPrefix}${service.charAt(0).toUpperCase()}${service.slice(1)}Statement${i + 1}`,
      Effect: 'Allow',
      Action: s.actions.length === 1 ? s.actions[0] : s.actions,
      Resource: s.resources.length === 1 ? s.resources[0] : s.resources,
    };
    if (s.condition) statement.Condition = s.condition;
    return extra(statement);
  });
}
