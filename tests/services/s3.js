// S3 emulator for tests: node s3.js PORT DIRECTORY BUCKET
// allowMismatchedSignatures: s3rver signs bucket-level requests (ListObjects) without the trailing slash of the path
// AWSSDK.S3 sends ("/bucket/"), so every listing failed with SignatureDoesNotMatch; credentials are still required.
const S3rver = require('@20minutes/s3rver');
const [port, directory, bucket] = process.argv.slice(2);
new S3rver({ port: Number(port), address: '127.0.0.1', directory, silent: true, allowMismatchedSignatures: true, configureBuckets: [{ name: bucket }] })
  .run()
  .then(({ port: bound }) => console.log(`s3rver listening on 127.0.0.1:${bound}, bucket ${bucket}`));
