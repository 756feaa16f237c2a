/**
 * Processing jobs (`DescribeProcessingJob`):
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeProcessingJob.html
 *
 * `DatasetDefinition` inputs (Athena, Redshift) and Feature Store outputs are read and written by
 * other services on the job's behalf and are not modelled.
 */
import type { RoleModel } from './model';
import { type BuildContext, listField, missingField, roleArnField } from './context';
import { objectAt, stringAt, type JsonObject } from '../../json';
import { RoleModelBuilder } from './role-builder';

export async function processingJobRoles(description: JsonObject, context: BuildContext): Promise<RoleModel[]> {
  const roleArn = roleArnField(context, 'RoleArn', stringAt(description, 'RoleArn'));
  if (roleArn === undefined) throw missingField(context, 'RoleArn');
  const role = new RoleModelBuilder(roleArn, context.gaps);

  for (const input of listField(context, description, 'ProcessingInputs')) {
    const name = stringAt(input, 'InputName') ?? '?';
    const s3Input = objectAt(input, 'S3Input');
    const uri = stringAt(s3Input, 'S3Uri');
    // S3DataType ManifestFile: the URI is the manifest, one object that lists the data.
    if (stringAt(s3Input, 'S3DataType') === 'ManifestFile')
      role.inputObject(`manifest of processing input '${name}'`, uri);
    else role.inputPrefix(`processing input '${name}'`, uri);
  }

  const outputConfig = objectAt(description, 'ProcessingOutputConfig');
  const kmsKeyId = stringAt(outputConfig, 'KmsKeyId');
  for (const output of listField(context, outputConfig, 'Outputs', 'ProcessingOutputConfig.Outputs')) {
    const name = stringAt(output, 'OutputName') ?? '?';
    role.output(`processing output '${name}'`, stringAt(objectAt(output, 'S3Output'), 'S3Uri'), kmsKeyId, {
      field: 'ProcessingOutputConfig.KmsKeyId',
      sdkArgument: 'output_kms_key (Processor)',
    });
  }

  const cluster = objectAt(objectAt(description, 'ProcessingResources'), 'ClusterConfig');
  role.volumeKey('storage volume', stringAt(cluster, 'VolumeKmsKeyId'));
  role.image(stringAt(objectAt(description, 'AppSpecification'), 'ImageUri'));
  role.vpc(objectAt(objectAt(description, 'NetworkConfig'), 'VpcConfig'));
  return [role.build()];
}
