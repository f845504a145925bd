# @summary Where a collector replicates to (parameter `backups::offsite_target`): a directory mounted from the
#   other site, or a bucket of an S3-compatible service (Ceph RGW, MinIO, AWS S3). `credentials` is the path
#   of the access key file (mode 0600, README "Offsite credentials"); Puppet never reads nor writes it.
type Backups::Offsite_target = Variant[
  Struct[{ directory => Backups::Absolute_path }],
  Struct[{
    s3 => Struct[{
      endpoint         => Pattern[/\Ahttps?:\/\/[A-Za-z0-9.\-\[\]:]+(\/[^\s"\\]*)?\z/],
      bucket           => Pattern[/\A[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]\z/],
      Optional[prefix] => Pattern[/\A([^\/\x00-\x1f\x7f"\\]+\/)*\z/],
      Optional[region] => Pattern[/\A[a-z0-9\-]+\z/],
      credentials      => Backups::Absolute_path,
    }],
  }],
]
