import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { READ_PERMISSIONS } from '../../../lambda/evidence/live/permissions';

const LIVE = join(__dirname, '../../../lambda/evidence/live');

/** IAM actions whose name differs from the API operation (Service Authorization Reference). */
const ACTION_OF_OPERATION: Record<string, string> = {
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:ListObjectsV2': 's3:ListBucket',
  's3:HeadObject': 's3:GetObject',
};

/**
 * Calls granted elsewhere: GetCallerIdentity needs no permission; AssumeRole is granted by the
 * construct on `arn:aws:iam::*:role/<the configured name>` only when a name is configured.
 */
const GRANTED_ELSEWHERE = new Set(['sts:GetCallerIdentity', 'sts:AssumeRole']);

/** Every AWS operation that the live evidence code sends, as `service:Operation`. */
function operationsSent(): string[] {
  const operations = new Set<string>();
  for (const file of readdirSync(LIVE).filter((name) => name.endsWith('.ts'))) {
    const source = readFileSync(join(LIVE, file), 'utf8');
    // Static imports, and the lazily loaded EC2 module (`const { paginateX } = await ec2Module()`).
    const imports = [
      ...source.matchAll(/import\s*\{([^}]+)\}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/g),
      ...source.matchAll(/const\s*\{([^}]+)\}\s*=\s*await\s+([a-z0-9]+)Module\(\)/g),
    ];
    for (const [, names, service] of imports) {
      for (const raw of names.split(',')) {
        const name = raw.replace(/^\s*type\s+/, '').trim();
        const operation = /^(\w+)Command$/.exec(name)?.[1] ?? /^paginate(\w+)$/.exec(name)?.[1];
        if (operation) operations.add(`${service}:${operation}`);
      }
    }
  }
  return [...operations].sort();
}

describe('the read permissions', () => {
  const granted = new Set(READ_PERMISSIONS.flatMap((permission) => permission.actions));
  const operations = operationsSent();

  it('are found for a meaningful set of operations (the scan works)', () => {
    expect(operations).toEqual(
      expect.arrayContaining([
        'iam:GetRolePolicy',
        's3:GetBucketPolicy',
        'kms:ListGrants',
        'organizations:ListParents',
      ]),
    );
  });

  it.each(operations)('cover %s, which the live evidence sends', (operation) => {
    // Given an operation the code sends
    const action = ACTION_OF_OPERATION[operation] ?? operation;
    // Then the Lambda's role is granted its IAM action (or it is granted elsewhere, with the reason above)
    expect(GRANTED_ELSEWHERE.has(action) || granted.has(action)).toBe(true);
  });

  it('grant nothing the live evidence does not send', () => {
    const needed = new Set(operations.map((operation) => ACTION_OF_OPERATION[operation] ?? operation));
    expect([...granted].filter((action) => !needed.has(action))).toEqual([]);
  });
});
