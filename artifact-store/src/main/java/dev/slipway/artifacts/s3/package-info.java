/**
 * The artifact store on S3-compatible object storage (AWS S3, MinIO, Ceph RGW), through the AWS SDK
 * v2, which stays in this package.
 */
@NullMarked
package dev.slipway.artifacts.s3;

import org.jspecify.annotations.NullMarked;
