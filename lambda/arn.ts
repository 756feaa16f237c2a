/**
 * ARNs and partitions, for the whole project: the one place that reads and writes
 * `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html). The resource part may
 * itself hold `:` and `/`; S3 ARNs have neither region nor account. Every ARN the project builds
 * takes its partition from the evidence (the job's ARN, or the region), never a hard-coded `aws`,
 * so that a job in the China or GovCloud (US) Regions gets patches that name its own resources.
 *
 * No import: the engine (lambda/engine) reads this module, and it imports no SDK or Node module.
 */

/** The five fields of an ARN after `arn:`. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  /** Empty for ARNs without an account (S3 buckets and objects). */
  account: string;
  resource: string;
}

/** The partition of the standard AWS Regions, and of an ARN-less principal. */
export const DEFAULT_PARTITION = 'aws';

/**
 * The partition of each family of Region codes, the longest prefix first (the ARN page above, and
 * https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html).
 * The AWS SDK's endpoint table (`partitions.json`) holds the same families as region patterns.
 */
const PARTITION_OF_REGION_PREFIX: readonly (readonly [prefix: string, partition: string])[] = [
  ['us-gov-', 'aws-us-gov'],
  ['us-isob-', 'aws-iso-b'],
  ['us-isof-', 'aws-iso-f'],
  ['us-iso-', 'aws-iso'],
  ['eu-isoe-', 'aws-iso-e'],
  ['eusc-', 'aws-eusc'],
  ['cn-', 'aws-cn'],
];

/** The partition of a Region: `cn-north-1` → `aws-cn`, `us-gov-west-1` → `aws-us-gov`, else `aws`. */
export function partitionOfRegion(region: string): string {
  for (const [prefix, partition] of PARTITION_OF_REGION_PREFIX) if (region.startsWith(prefix)) return partition;
  return DEFAULT_PARTITION;
}

const ACCOUNT_ID = /^\d{12}$/;

/** Whether `text` is a bare 12-digit AWS account id. */
export function isAccountId(text: string): boolean {
  return ACCOUNT_ID.test(text);
}

/** Parses an ARN; undefined when `text` is not one. */
export function parseArn(text: string): Arn | undefined {
  if (!text.startsWith('arn:')) return undefined;
  const colons = [3];
  for (let i = 0; i < 4; i++) {
    const next = text.indexOf(':', colons[i] + 1);
    if (next < 0) return undefined;
    colons.push(next);
  }
  const field = (i: number) => text.slice(colons[i] + 1, colons[i + 1]);
  const partition = field(0);
  const service = field(1);
  if (partition === '' || service === '') return undefined;
  return { partition, service, region: field(2), account: field(3), resource: text.slice(colons[4] + 1) };
}

/** Writes an ARN from its fields (an empty region or account stays empty: `arn:aws:s3:::bucket`). */
export function formatArn(arn: Arn): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:${arn.resource}`;
}

/** The account that owns the resource named by `arn`, when its ARN says. */
export function accountOfArn(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  let colon = 3;
  for (let field = 0; field < 3; field++) {
    colon = arn.indexOf(':', colon + 1);
    if (colon < 0) return undefined;
  }
  const end = arn.indexOf(':', colon + 1);
  return end > colon + 1 ? arn.slice(colon + 1, end) : undefined;
}

/** The region an ARN names; empty for global resources (IAM, S3) and for text that is no ARN. */
export function regionOfArn(arn: string): string {
  return parseArn(arn)?.region ?? '';
}

/** The partition an ARN names, else `fallback` (a bucket name, a key id, an alias). */
export function partitionOfArn(arn: string, fallback = DEFAULT_PARTITION): string {
  return parseArn(arn)?.partition ?? fallback;
}

// IAM

/** An IAM role named by its ARN. */
export interface RoleArn {
  partition: string;
  account: string;
  /** `/` or `/a/b/`. */
  path: string;
  roleName: string;
}

/**
 * `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME` with a 12-digit account; undefined for anything else
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
 */
export function parseRoleArn(text: string): RoleArn | undefined {
  const arn = parseArn(text);
  if (!arn || arn.service !== 'iam' || arn.region !== '' || !isAccountId(arn.account)) return undefined;
  if (!arn.resource.startsWith('role/')) return undefined;
  const segments = arn.resource.slice('role/'.length).split('/');
  const roleName = segments.pop() ?? '';
  if (!roleName) return undefined;
  const path = segments.length > 0 ? `/${segments.join('/')}/` : '/';
  return { partition: arn.partition, account: arn.account, path, roleName };
}

/**
 * The role a role ARN or a role session ARN (`arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/SESSION`)
 * names; a session ARN does not say the role's path, so it is `/`.
 */
export function parseRoleOrSessionArn(text: string): RoleArn | undefined {
  const role = parseRoleArn(text);
  if (role) return role;
  const arn = parseArn(text);
  if (arn?.service !== 'sts' || !arn.resource.startsWith('assumed-role/')) return undefined;
  const roleName = arn.resource.split('/')[1];
  return roleName ? { partition: arn.partition, account: arn.account, path: '/', roleName } : undefined;
}

/** `arn:PARTITION:iam::ACCOUNT:role/NAME`: the path-less role ARN. */
export function roleArn(partition: string, account: string, roleName: string): string {
  return formatArn({ partition, service: 'iam', region: '', account, resource: `role/${roleName}` });
}

/** `arn:PARTITION:iam::ACCOUNT:root`: the account as a principal, which delegates to its IAM policies. */
export function accountRootArn(partition: string, account: string): string {
  return formatArn({ partition, service: 'iam', region: '', account, resource: 'root' });
}

/**
 * `arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION`: a role session, as AWS names the caller
 * of a request made with the role's credentials
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
 */
export function assumedRoleArn(partition: string, account: string, roleName: string, session: string): string {
  return formatArn({ partition, service: 'sts', region: '', account, resource: `assumed-role/${roleName}/${session}` });
}

/**
 * Whether `text` is the ARN of an AWS managed policy, `arn:PARTITION:iam::aws:policy/PATH/NAME`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies).
 */
export function isAwsManagedPolicyArn(text: string): boolean {
  const arn = parseArn(text);
  return arn?.service === 'iam' && arn.region === '' && arn.account === 'aws' && arn.resource.startsWith('policy/');
}

// S3

/** `arn:PARTITION:s3:::BUCKET`, or `arn:PARTITION:s3:::BUCKET/KEY` for an object. */
export function s3Arn(partition: string, bucket: string, key?: string): string {
  const resource = key === undefined ? bucket : `${bucket}/${key}`;
  return formatArn({ partition, service: 's3', region: '', account: '', resource });
}

// KMS

/** A KMS key or alias named by its ARN. */
export interface KmsArn {
  partition: string;
  region: string;
  account: string;
  /** `key/ID` or `alias/NAME`. */
  resource: string;
}

/**
 * `arn:PARTITION:kms:REGION:ACCOUNT:key/ID` or `...:alias/NAME`, with a region and a 12-digit
 * account (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id).
 */
export function parseKmsArn(text: string): (KmsArn & { type: 'key' | 'alias' }) | undefined {
  const arn = parseArn(text);
  if (!arn || arn.service !== 'kms' || arn.region === '' || !isAccountId(arn.account)) return undefined;
  const type = arn.resource.startsWith('key/') ? 'key' : arn.resource.startsWith('alias/') ? 'alias' : undefined;
  if (type === undefined || arn.resource.length === type.length + 1) return undefined;
  return { partition: arn.partition, region: arn.region, account: arn.account, resource: arn.resource, type };
}

/** The ARN of a KMS key (`key/ID`) or alias (`alias/NAME`). */
export function kmsArn(partition: string, region: string, account: string, resource: string): string {
  return formatArn({ partition, service: 'kms', region, account, resource });
}

// ECR

/** `arn:PARTITION:ecr:REGION:ACCOUNT:repository/NAME` (https://docs.aws.amazon.com/AmazonECR/latest/userguide/security_iam_service-with-iam.html). */
export function ecrRepositoryArn(partition: string, region: string, account: string, repositoryName: string): string {
  return formatArn({ partition, service: 'ecr', region, account, resource: `repository/${repositoryName}` });
}

/** An image of a private ECR registry, as its URI names it. */
export interface EcrImage {
  account: string;
  region: string;
  repositoryName: string;
}

/**
 * `ACCOUNT.dkr.ecr.REGION.amazonaws.com[.cn]/NAME[:TAG|@DIGEST]` (and the `dkr.ecr-fips` endpoints):
 * the registry's account and region and the repository's name
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html).
 */
const ECR_IMAGE = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/;

/** The registry and repository of an ECR image URI; undefined for an image of another registry. */
export function parseEcrImage(image: string): EcrImage | undefined {
  const m = ECR_IMAGE.exec(image);
  return m ? { account: m[1], region: m[2], repositoryName: m[3] } : undefined;
}

// SageMaker

/** The parts of a SageMaker ARN `arn:PARTITION:sagemaker:REGION:ACCOUNT:TYPE/NAME`. */
export interface SageMakerArn {
  partition: string;
  region: string;
  account: string;
  /** `training-job`, `processing-job`, ... as the ARN writes it. */
  resourceType: string;
  name: string;
}

const SAGEMAKER_PARTITION = /^[a-z0-9-]+$/;
const SAGEMAKER_REGION = /^[a-z0-9-]*$/;
const SAGEMAKER_RESOURCE = /^([a-z-]+)\/(.+)$/;

/**
 * `arn:PARTITION:sagemaker:REGION:ACCOUNT:TYPE/NAME` with a 12-digit account and a lower-case
 * resource type
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html#amazonsagemaker-resources-for-iam-policies).
 */
export function parseSageMakerArn(text: string): SageMakerArn | undefined {
  const arn = parseArn(text);
  if (!arn || arn.service !== 'sagemaker' || !isAccountId(arn.account)) return undefined;
  if (!SAGEMAKER_PARTITION.test(arn.partition) || !SAGEMAKER_REGION.test(arn.region)) return undefined;
  const resource = SAGEMAKER_RESOURCE.exec(arn.resource);
  if (!resource) return undefined;
  const { partition, region, account } = arn;
  return { partition, region, account, resourceType: resource[1], name: resource[2] };
}

/** `arn:PARTITION:sagemaker:REGION:ACCOUNT:TYPE/NAME` (a job, a pipeline, an endpoint). */
export function sageMakerArn(
  partition: string,
  region: string,
  account: string,
  resourceType: string,
  name: string,
): string {
  return formatArn({ partition, service: 'sagemaker', region, account, resource: `${resourceType}/${name}` });
}

/**
 * The shape of a SageMaker ARN in an event, as the API reference gives it
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TrainingJobSummary.html):
 * `arn:aws[a-z-]*:sagemaker:REGION:ACCOUNT:TYPE/NAME`. The resource type is not held to a
 * kind's, nor to lower case: AWS's own sample tuning event writes `tuningJob/NAME`.
 */
const SAGEMAKER_RESOURCE_ARN = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:\d{12}:[A-Za-z-]+\/\S+$/;

/** Whether `text` has the shape of a SageMaker resource ARN (any resource type, any case). */
export function isSageMakerResourceArn(text: string): boolean {
  return SAGEMAKER_RESOURCE_ARN.test(text);
}

/**
 * `arn:PARTITION:sagemaker:REGION:ACCOUNT:pipeline/NAME/execution/ID`, a pipeline's name being 1 to
 * 256 letters, digits and inner hyphens
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribePipelineExecution.html).
 */
const PIPELINE_EXECUTION_ARN =
  /^(arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:pipeline\/([a-zA-Z0-9](?:-*[a-zA-Z0-9]){0,255}))\/execution\/[a-zA-Z0-9]+$/;

/** The pipeline of a pipeline execution ARN (its ARN and name); undefined for any other text. */
export function parsePipelineExecutionArn(text: string): { pipelineArn: string; pipelineName: string } | undefined {
  const match = PIPELINE_EXECUTION_ARN.exec(text);
  return match ? { pipelineArn: match[1], pipelineName: match[2] } : undefined;
}

/** The bucket (or `bucket/key`) an S3 ARN names; any other text as it is (a bucket name already). */
export function s3PathOfArn(text: string): string {
  return text.replace(/^arn:[^:]+:s3:::/, '');
}

// Any service

const ARN_ACCOUNT = /arn:[\w-]+:[\w-]*:[\w-]*:(\d{12}):/g;

/** The 12-digit accounts that the ARNs written in `text` name (a JSON document, a message), once each. */
export function accountsOfArnsIn(text: string): string[] {
  const accounts = new Set<string>();
  for (const match of text.matchAll(ARN_ACCOUNT)) accounts.add(match[1]);
  return [...accounts];
}
