/**
 * Evidence that asks its source once per question: the checks of a job ask for the same
 * bucket, key or organization many times, concurrently; each question becomes one read.
 */
import type { Evidence } from './evidence';

type AsyncMethods = {
  [K in keyof Evidence]: Evidence[K] extends (...args: infer _A) => Promise<unknown> ? K : never;
}[keyof Evidence];

const MEMOIZED: AsyncMethods[] = [
  'describeJob',
  'describeJobByArn',
  'describeModel',
  'describeEndpointConfig',
  'describePipeline',
  'role',
  'bucket',
  'key',
  'organization',
  'vpcEndpoints',
  'subnets',
  'repository',
];

export function memoizeEvidence(source: Evidence): Evidence {
  const cache = new Map<string, Promise<unknown>>();
  const memo: Partial<Record<AsyncMethods, unknown>> = {};
  for (const method of MEMOIZED) {
    const call = (source[method] as (...args: unknown[]) => Promise<unknown>).bind(source);
    memo[method] = (...args: unknown[]) => {
      const id = `${method}\u0000${JSON.stringify(args)}`;
      let answer = cache.get(id);
      if (!answer) {
        answer = call(...args);
        cache.set(id, answer);
      }
      return answer;
    };
  }
  return {
    partition: source.partition,
    region: source.region,
    holdsAccount: (account) => source.holdsAccount(account),
    ...(memo as Pick<Evidence, AsyncMethods>),
  };
}
