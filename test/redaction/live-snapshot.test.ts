import { DescribeEndpointCommand, DescribeModelCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { REDACTED } from '../../lambda/redaction';
import { OWN, liveEvidence, resetLiveCaches } from '../evidence/live/helpers';

const sagemaker = mockClient(SageMakerClient);
const SECRET = 'model-PLANTED-9000';

beforeEach(() => {
  sagemaker.reset();
  resetLiveCaches();
});

describe('a recorded snapshot', () => {
  it("redacts a failure text quoting a secret of a description read after it (an endpoint's, of its model)", async () => {
    // Given an endpoint whose failure text quotes its model's environment, read before the model
    sagemaker.on(DescribeEndpointCommand).resolves({
      EndpointName: 'ep',
      EndpointArn: `arn:aws:sagemaker:us-east-1:${OWN}:endpoint/ep`,
      EndpointStatus: 'Failed',
      FailureReason: `The primary container failed: TOKEN=${SECRET} is not valid`,
    } as never);
    sagemaker.on(DescribeModelCommand).resolves({
      ModelName: 'm',
      PrimaryContainer: { Image: 'image', Environment: { TOKEN: SECRET } },
    } as never);
    const live = await liveEvidence();
    await live.evidence.describeJob(OWN, 'endpoint', 'ep');
    await live.evidence.describeModel(OWN, 'm');
    // When the snapshot is written
    const snapshot = live.snapshot();
    // Then it holds the failure text redacted, and no secret
    expect(JSON.stringify(snapshot)).not.toContain(SECRET);
    expect(snapshot.accounts[OWN].sagemaker?.endpoints?.ep).toMatchObject({
      FailureReason: `The primary container failed: TOKEN=${REDACTED} is not valid`,
    });
    expect(snapshot.accounts[OWN].sagemaker?.models?.m).toEqual({
      ModelName: 'm',
      PrimaryContainer: { Image: 'image' },
    });
  });
});
