package io.kaizen.backup.offsite.target;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where an S3-compatible tier 3 lives (Ceph RGW, MinIO, AWS S3).
 *
 * @param endpoint    the service address, e.g. {@code https://rgw.example.org}
 * @param bucket      the bucket holding the repository
 * @param prefix      a key prefix inside the bucket ({@code ""} for none), ending in {@code /} when not empty
 * @param region      the signing region ({@code us-east-1} where the service ignores it)
 * @param credentials the file holding the access key pair (never the keys themselves in configuration)
 */
public record S3Location(URI endpoint, String bucket, String prefix, String region, Path credentials) {
}
