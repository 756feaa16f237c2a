/** The EventBridge event of a failed training job, as the Lambda receives it. */
export function trainingFailureEvent(description: { TrainingJobArn: string }, account: string, region: string) {
  return {
    version: '0',
    id: 'bench',
    'detail-type': 'SageMaker Training Job State Change',
    source: 'aws.sagemaker',
    account,
    time: '2026-11-20T10:04:13Z',
    region,
    resources: [description.TrainingJobArn],
    detail: description,
  };
}
