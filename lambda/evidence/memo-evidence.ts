/**
 * Evidence that asks its source once per question: the checks of a job ask for the same
 * bucket, key or organization many times, concurrently; each question becomes one read.
 */
import type { Evidence } from './evidence';

type AsyncMethods = {
  [K in keyof Evidence]: Evidence[K] extends (...args: infer _A) => Promise<unknown> ? K : never;
}[keyof Evidence];

// Every question of Evidence, so that a new one cannot be left out (the compiler checks the keys).
const QUESTIONS: Record<AsyncMethods, true> = {
  describeJob: true,
  describeJobByArn: true,
  describeModel: true,
  describeEndpointConfig: true,
  describePipeline: true,
  describePipelineExecution: true,
  role: true,
  bucket: true,
  key: true,
  organization: true,
  vpcEndpoints: true,
  subnets: true,
  repository: true,
};
const MEMOIZED = Object.keys(QUESTIONS) as AsyncMethods[];

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
