/**
 * Tests never call AWS: every SDK client resolves these inert credentials from the environment
 * (instead of searching files and instance metadata, which can outlive a test), and every call
 * a test makes is answered by aws-sdk-client-mock or a fake.
 */
process.env.AWS_ACCESS_KEY_ID = 'AKIATESTTESTTESTTEST';
process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-key';
delete process.env.AWS_SESSION_TOKEN;
delete process.env.AWS_PROFILE;
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_EC2_METADATA_DISABLED = 'true';
