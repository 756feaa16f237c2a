/**
 * The handler bundled as the construct bundles it (lib/sagemaker-access-doctor.ts: CommonJS, ES
 * module builds first, RUNTIME_PROVIDED_MODULES external), run as Lambda runs it: from a
 * directory of its own, the runtime's SDK reachable only through NODE_PATH
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html). The EC2 client must be
 * found there, and the VPC evidence read through it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildSync } from 'esbuild';
import { RUNTIME_PROVIDED_MODULES } from '../../lambda/config';
import { OWN, scenario, useFakeAws } from './harness';

const ROOT = join(__dirname, '..', '..');

it('finds the runtime-provided EC2 client through NODE_PATH and reads the VPC with it', async () => {
  // Given the bundle alone in a directory, as in /var/task
  const dir = mkdtempSync(join(tmpdir(), 'doctor-bundle-'));
  buildSync({
    entryPoints: [join(ROOT, 'lambda/handler.ts')],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    mainFields: ['module', 'main'],
    external: [...RUNTIME_PROVIDED_MODULES],
    outfile: join(dir, 'index.js'),
    logLevel: 'silent',
  });
  const data = scenario('vpc-endpoint-policy-and-network-interfaces');
  writeFileSync(join(dir, 'event.json'), JSON.stringify(data.event));
  const aws = await useFakeAws(data.snapshot);
  try {
    // When a failure of a job in a VPC is handled, the SDK reachable only through NODE_PATH
    const script = `require('./index.js').handler(require('./event.json'), {
      functionName: 'f', awsRequestId: 'r', invokedFunctionArn: 'arn:aws:lambda:us-east-1:${OWN}:function:f',
      getRemainingTimeInMillis: () => 60000,
    }).then((outcome) => process.stdout.write(JSON.stringify(outcome)))`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        NODE_PATH: join(ROOT, 'node_modules'),
        ...aws.environment(),
        TOPIC_ARN: `arn:aws:sns:us-east-1:${OWN}:doctor`,
        POWERTOOLS_METRICS_DISABLED: 'true',
        POWERTOOLS_TRACE_ENABLED: 'false',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    // Then the report went out, and the subnets and VPC endpoints were read from EC2
    expect(JSON.parse(stdout)).toMatchObject({ status: 'notified', incomplete: 0 });
    expect(aws.operations()).toEqual(expect.arrayContaining(['ec2:DescribeSubnets', 'ec2:DescribeVpcEndpoints']));
  } finally {
    await aws.stop();
  }
}, 30_000);
