import * as fs from 'fs';
import * as path from 'path';
import { actionsOf, logicalIdOf, roleStatements, synthesize, type Synthesized, SYNTH_TIMEOUT_MS } from './synthesize';

/**
 * The IAM action of each AWS SDK operation whose name differs from it
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html,
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html: no permission needed).
 */
const ACTION_OF_OPERATION: Record<string, string | null> = {
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:HeadObject': 's3:GetObject',
  's3:ListObjectsV2': 's3:ListBucket',
  's3:ListBuckets': 's3:ListAllMyBuckets',
  'sts:GetCallerIdentity': null,
};

/** `@aws-sdk/client-<package>` → IAM service prefix, for the clients the Lambda may use. */
const SERVICE_PREFIX: Record<string, string> = {
  sagemaker: 'sagemaker',
  iam: 'iam',
  s3: 's3',
  kms: 'kms',
  sts: 'sts',
  ec2: 'ec2',
  ecr: 'ecr',
  organizations: 'organizations',
  sns: 'sns',
  dynamodb: 'dynamodb',
};

/** Every SDK operation the Lambda's sources import (`XxxCommand`, `paginateXxx`), as `prefix:Operation`. */
function operationsCalledByTheLambda(): string[] {
  const operations = new Set<string>();
  const root = path.join(__dirname, '..', '..', 'lambda');
  // lambda/cli/ is the command line: it runs with the user's credentials, never as the Lambda's role.
  const files = fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.startsWith(`cli${path.sep}`));
  const importPattern = /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/g;
  for (const file of files) {
    const source = fs.readFileSync(path.join(root, file), 'utf8');
    for (const [, names, client] of source.matchAll(importPattern)) {
      for (const raw of names.split(',')) {
        const name = raw
          .replace(/^\s*type\s+/, '')
          .split(/\s+as\s+/)[0]
          .trim();
        const operation = /^(\w+)Command$/.exec(name)?.[1] ?? /^paginate(\w+)$/.exec(name)?.[1];
        if (operation === undefined) continue;
        const prefix = SERVICE_PREFIX[client];
        if (prefix === undefined) throw new Error(`${file}: client-${client} has no IAM prefix in this test: add it`);
        operations.add(`${prefix}:${operation}`);
      }
    }
  }
  return [...operations].sort();
}

let everything: Synthesized;
beforeAll(() => {
  everything = synthesize({ crossAccountRoleName: 'AccessDoctorReader', objectLevelReads: 'true' });
}, SYNTH_TIMEOUT_MS);

describe('the Lambda role and the code the Lambda runs', () => {
  test('every AWS call the Lambda sources make is granted to its role (all options on)', () => {
    // Given the SDK operations the Lambda's sources import
    const operations = operationsCalledByTheLambda();
    expect(operations.length).toBeGreaterThan(10);
    // When each is translated to its IAM action
    const needed = operations
      .map((operation) => (operation in ACTION_OF_OPERATION ? ACTION_OF_OPERATION[operation] : operation))
      .filter((action): action is string => action !== null);
    // Then the role grants every one of them
    const granted = actionsOf(
      roleStatements(everything.template, logicalIdOf(everything, everything.stack.doctor.role)),
    );
    expect(needed.filter((action) => !granted.includes(action))).toEqual([]);
  });
});
