/**
 * AWS SDK v3 clients, created once per container and reused across invocations.
 *
 * Clients are cached at module scope by service, region and the identity they sign as (a
 * profile, or the credentials of a role assumed in another account), so that a warm Lambda
 * reuses their connections and their adaptive retry state.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { BoundedMemo } from '../../memo';

/** How long one HTTP attempt may take before it is abandoned (the SDK retries it). */
export const REQUEST_TIMEOUT_MS = 5_000;
const CONNECTION_TIMEOUT_MS = 2_000;
/** Attempts per call, the first one included. */
export const MAX_ATTEMPTS = 3;

/** Who the clients sign as. */
export interface Identity {
  /** Cache key: `profile:NAME`, `default`, or `role:ARN` for an assumed role. */
  key: string;
  profile?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

const DEFAULT_IDENTITY: Identity = { key: 'default' };

export const profileIdentity = (profile: string | undefined): Identity =>
  profile === undefined ? DEFAULT_IDENTITY : { key: `profile:${profile}`, profile };

/**
 * The configuration every client gets: adaptive retries (client-side rate limiting when AWS
 * throttles) and a time bound per attempt
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html). The node
 * HTTP handler only warns at `requestTimeout` unless `throwOnRequestTimeout` is set: with it
 * the attempt is abandoned, and retried like any timeout
 * (https://github.com/smithy-lang/smithy-typescript/blob/main/packages/node-http-handler/README.md).
 */
export function clientConfig(region: string, identity: Identity) {
  return {
    region,
    retryMode: 'adaptive',
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: {
      requestTimeout: REQUEST_TIMEOUT_MS,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
    ...(identity.profile !== undefined ? { profile: identity.profile } : {}),
    ...(identity.credentials !== undefined ? { credentials: identity.credentials } : {}),
  };
}

const CLIENT_CLASSES = {
  ecr: ECRClient,
  iam: IAMClient,
  kms: KMSClient,
  organizations: OrganizationsClient,
  s3: S3Client,
  sagemaker: SageMakerClient,
  sts: STSClient,
} as const;
export type ServiceName = keyof typeof CLIENT_CLASSES | 'ec2';
type ClientOf<S extends ServiceName> = S extends keyof typeof CLIENT_CLASSES
  ? InstanceType<(typeof CLIENT_CLASSES)[S]>
  : EC2Client;
type ClientClass = new (config: ReturnType<typeof clientConfig>) => unknown;

/**
 * The EC2 client is a third of the bundle and only jobs in a VPC need it: it is loaded on first
 * use, from the Lambda runtime's own SDK (lambda/config.ts, RUNTIME_PROVIDED_MODULES), which
 * takes its schemas out of every cold start (bench/lambda.ts).
 *
 * It is loaded with `require`, not `import()`: the bundle is CommonJS, and the runtime's SDK is
 * found through `NODE_PATH` (the way CommonJS handlers use the included SDK,
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html), which ES module resolution
 * ignores (https://nodejs.org/api/esm.html#no-node_path). esbuild leaves an external `import()`
 * as it is, so the runtime's copy would never be found (test/harness/bundle.test.ts).
 */
let ec2Class: ClientClass | undefined;

/** The EC2 client module, loaded once; `client('ec2', ...)` works once this resolved. */
export async function ec2Module(): Promise<typeof import('@aws-sdk/client-ec2')> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require('@aws-sdk/client-ec2') as typeof import('@aws-sdk/client-ec2');
  ec2Class ??= module.EC2Client;
  return module;
}

/**
 * Clients by service, region and identity. Bounded: an identity's key changes with each renewed
 * session (accounts.ts), so a long-lived container would otherwise keep every client it made.
 */
const cache = new BoundedMemo<string, unknown>(1024);

/** Applied to every new client: the Lambda traces its AWS calls (Powertools Tracer). */
let decorate: <C>(client: C) => C = (created) => created;

/** Sets what every client created from now on is wrapped with. */
export function decorateClients(decorator: <C>(client: C) => C): void {
  decorate = decorator;
}

/** The client of `service` for `region` signing as `identity`: created once per container. */
export function client<S extends ServiceName>(service: S, region: string, identity: Identity): ClientOf<S> {
  const id = `${service}\u0000${region}\u0000${identity.key}`;
  let found = cache.peek(id) as ClientOf<S> | undefined;
  if (!found) {
    const Client = (service === 'ec2' ? ec2Class : CLIENT_CLASSES[service as keyof typeof CLIENT_CLASSES]) as
      ClientClass | undefined;
    if (!Client) throw new Error(`the ${service} client module is not loaded: await ec2Module() first`);
    // S3 answers a bucket of another region with a redirect; the client follows it.
    const config =
      service === 's3'
        ? { ...clientConfig(region, identity), followRegionRedirects: true }
        : clientConfig(region, identity);
    found = decorate(new Client(config) as ClientOf<S>);
    cache.set(id, found);
  }
  return found;
}

/** Forgets every cached client (tests). */
export function resetClients(): void {
  cache.clear();
}
