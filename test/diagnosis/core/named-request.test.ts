/**
 * The request an AWS enhanced AccessDenied message names is a check of its own when no check of
 * the job covers it (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html):
 * a container's own call is then judged layer by layer instead of UNEXPLAINED_ACCESS_DENIED.
 */
import { namedRequest } from '../../../lambda/diagnosis/failure-reason';
import { SESSION_ARN, World, allow, causes, diagnoseWorld, doc, trainingJob, type Statement } from './world';

const JOB_DATA = allow(['s3:ListBucket', 's3:GetObject', 's3:PutObject'], ['arn:aws:s3:::data', 'arn:aws:s3:::data/*']);
const message = (principal: string, action: string, resource: string) =>
  `AlgorithmError: ExecuteUserScriptError: An error occurred (AccessDenied) when calling the operation: User: ${principal} is not authorized to perform: ${action} on resource: "${resource}" because no identity-based policy allows the ${action} action`;
const MLFLOW = 'arn:aws:s3:::mlflow/7/run/artifacts/model.pkl';

describe('the request an enhanced AccessDenied message names', () => {
  const rows: [string, Statement[], string, string[]][] = [
    [
      "a put to a bucket that is no job location, which the role's policies do not allow",
      [JOB_DATA],
      message(SESSION_ARN, 's3:PutObject', MLFLOW),
      [`IDENTITY_POLICY_NO_ALLOW s3:PutObject ${MLFLOW}`],
    ],
    [
      'a read of such a bucket',
      [JOB_DATA],
      message(SESSION_ARN, 's3:GetObject', MLFLOW),
      [`IDENTITY_POLICY_NO_ALLOW s3:GetObject ${MLFLOW}`],
    ],
    [
      'a listing of such a bucket',
      [JOB_DATA],
      message(SESSION_ARN, 's3:ListBucket', 'arn:aws:s3:::mlflow'),
      ['IDENTITY_POLICY_NO_ALLOW s3:ListBucket arn:aws:s3:::mlflow'],
    ],
    [
      'a request the role allows: nothing explains it',
      [JOB_DATA, allow('s3:PutObject', 'arn:aws:s3:::mlflow/*')],
      message(SESSION_ARN, 's3:PutObject', MLFLOW),
      [`UNEXPLAINED_ACCESS_DENIED s3:PutObject ${MLFLOW}`],
    ],
    [
      "a request a job check already covers is not checked twice (the output's pattern)",
      [allow(['s3:ListBucket', 's3:GetObject'], ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'])],
      message(SESSION_ARN, 's3:PutObject', 'arn:aws:s3:::data/models/model.tar.gz'),
      ['IDENTITY_POLICY_NO_ALLOW s3:PutObject arn:aws:s3:::data/models/*'],
    ],
    [
      "a request of another principal is not the role's to check",
      [JOB_DATA],
      message('arn:aws:sts::111111111111:assumed-role/OtherRole/x', 's3:PutObject', MLFLOW),
      [`UNEXPLAINED_ACCESS_DENIED s3:PutObject ${MLFLOW}`],
    ],
  ];

  it.each(rows)('%s', async (_, statements, failureReason, expected) => {
    const world = new World()
      .role({ inline: { data: doc(...statements) } })
      .bucket('data')
      .bucket('mlflow');
    const report = await diagnoseWorld(world, trainingJob({ failureReason }));
    expect(causes(report)).toEqual(expected);
  });

  it.each([
    [
      message(SESSION_ARN, 's3:PutObject', MLFLOW),
      { principal: SESSION_ARN, action: 's3:PutObject', resource: MLFLOW },
    ],
    [
      `User: ${SESSION_ARN} is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:1:key/k.`,
      { principal: SESSION_ARN, action: 'kms:Decrypt', resource: 'arn:aws:kms:us-east-1:1:key/k' },
    ],
    ['ClientError: Access Denied (403)', undefined],
  ])('reads the request of %s', (text, expected) => {
    expect(namedRequest(text)).toEqual(expected);
  });
});
