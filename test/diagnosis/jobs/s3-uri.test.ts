import fc from 'fast-check';
import { parseS3Uri } from '../../../lambda/diagnosis/jobs/s3-uri';

describe('parseS3Uri', () => {
  it.each([
    ['s3://bucket/train/', { bucket: 'bucket', key: 'train/' }],
    ['s3://bucket/train', { bucket: 'bucket', key: 'train' }],
    ['s3://bucket', { bucket: 'bucket', key: '' }],
    ['s3://bucket/', { bucket: 'bucket', key: '' }],
    ['s3://bucket//double/', { bucket: 'bucket', key: '/double/' }],
    ['s3://my.dotted.bucket/a b/c.csv', { bucket: 'my.dotted.bucket', key: 'a b/c.csv' }],
    ['https://bucket.s3.us-east-1.amazonaws.com/models/model.tar.gz', { bucket: 'bucket', key: 'models/model.tar.gz' }],
    ['https://bucket.s3.amazonaws.com/models/model.tar.gz', { bucket: 'bucket', key: 'models/model.tar.gz' }],
    ['https://bucket.s3-eu-west-1.amazonaws.com/m/a%20b.tar.gz', { bucket: 'bucket', key: 'm/a b.tar.gz' }],
    ['https://my.bucket.s3.dualstack.us-east-1.amazonaws.com/k', { bucket: 'my.bucket', key: 'k' }],
    ['https://s3.us-east-1.amazonaws.com/bucket/models/model.tar.gz', { bucket: 'bucket', key: 'models/model.tar.gz' }],
    ['https://s3.amazonaws.com/bucket', { bucket: 'bucket', key: '' }],
    ['https://bucket.s3.cn-north-1.amazonaws.com.cn/k', { bucket: 'bucket', key: 'k' }],
  ])('reads %s', (uri, expected) => {
    expect(parseS3Uri(uri)).toEqual(expected);
  });

  it.each([
    '',
    'bucket/key',
    's3:/bucket/key',
    's3:///key',
    'https://example.com/bucket/key',
    'https://s3.amazonaws.com/',
    'file:///tmp/x',
    'https://bucket.s3.amazonaws.com/%E0%A4%A',
  ])('refuses %j', (uri) => {
    expect(parseS3Uri(uri)).toBeUndefined();
  });

  it('keeps the key of an s3:// URI exactly as written', () => {
    const bucket = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{2,62}$/);
    fc.assert(
      fc.property(bucket, fc.string(), (name, key) => {
        expect(parseS3Uri(`s3://${name}/${key}`)).toEqual({ bucket: name, key });
      }),
    );
  });
});
