/** The snapshot file (docs/formats/snapshot.md): its types, its loader and the evidence it gives. */
export { loadSnapshot, parseJson, parseSnapshot } from './load';
export { SnapshotEvidence } from './snapshot-evidence';
export { SNAPSHOT_VERSION } from './types';
export type {
  AccountSnapshot,
  BucketSnapshot,
  Ec2Snapshot,
  EcrSnapshot,
  IamSnapshot,
  KmsKeySnapshot,
  KmsSnapshot,
  ManagedPolicyDetail,
  OrganizationPolicy,
  OrganizationSnapshot,
  RepositorySnapshot,
  RoleDetail,
  S3Snapshot,
  SageMakerSnapshot,
  Snapshot,
  VpcEndpointSnapshot,
} from './types';
