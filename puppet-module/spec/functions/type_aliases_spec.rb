# frozen_string_literal: true

require 'spec_helper'

# Each type alias against values it must take and values it must refuse. Puppet's assert_type does the
# matching, all values of one alias in one compiler (a compiler per value would take minutes).
TYPE_CASES = {
  'Backups::Role' => {
    good: %w[controller compute generic collector],
    bad: ['database', 'Compute', ''],
  },
  'Backups::Absolute_path' => {
    good: ['/', '/etc/nova', '/var/lib/a b', '/x..y', '/a/.hidden', '/a/..b', '/a/b..'],
    bad: ['etc', '', '/etc/../root', '/..', "/a\nb", '//..//x', '/a/..', "/a\tb"],
  },
  'Backups::Safe_path' => {
    good: ['/backups', '/srv/node-backups_1.d', '/a/b+c/d-e', '/a.b/c..d'],
    bad: ['/backups;id', '/back ups', '/backups"', '/b$HOME', '/a`id`', 'relative', '/', '', '/a/../b', '/a/./b',
          '/a//b', '/a/', '/a/.hidden', "/a\nb", "/a\tb", '/a,b', '/a=b', '/a\\b'],
  },
  'Backups::Source' => {
    good: [{ 'path' => '/etc' },
           { 'path' => '/var/lib/nova', 'exclude' => ['instances/', '+ keep', '*.tmp'] },
           { 'path' => '/etc/swift', 'optional' => true },
           { 'dump' => 'mysql-all.sql', 'command' => ['mysqldump', '--all-databases'] },
           { 'mysql' => { 'name' => 'openstack', 'defaults-file' => '/etc/kaizen/my.cnf' } },
           { 'mysql' => { 'name' => 'app', 'databases' => ['app'], 'timeout' => 60 } },
           { 'path' => '/var/lib/libvirt/images', 'reflink' => true, 'hooks' => { 'before' => ['virsh', 'domfsfreeze', 'vm1'] } },
           { 'dump' => 'ldap', 'command' => ['slapcat'], 'hooks' => { 'timeout' => 60 } },
           { 'postgresql' => { 'name' => 'haas' } },
           { 'postgresql' => { 'name' => 'haas', 'host' => 'db.example.org', 'port' => 5433, 'os-user' => 'postgres', 'user' => 'bk',
                               'passfile' => '/etc/kaizen/pgpass', 'databases' => ['haas'], 'bin-dir' => '/usr/pgsql-15/bin', 'timeout' => 60 } },
           { 'mariabackup' => { 'name' => 'galera', 'defaults-file' => '/etc/kaizen/my.cnf', 'full-every' => 366, 'timeout' => 60 } },
           { 'ssh-command' => { 'name' => 'sw1', 'host' => '10.0.0.2', 'user' => 'backup', 'command' => 'show running-config',
                                'identity' => '/etc/kaizen/id_sw', 'known-hosts' => '/etc/kaizen/sw_hosts' } },
           { 'path' => '/var/lib/mysql', 'snapshot' => 'lvm' },
           { 'path' => '/var/lib/mysql', 'snapshot' => 'lvm', 'lvm-snapshot-size' => '4G', 'optional' => true, 'exclude' => ['*.tmp'] }],
    bad: [{ 'path' => 'relative' }, { 'path' => '/etc', 'command' => ['x'] }, { 'dump' => 'x', 'command' => [] },
          { 'dump' => '../x', 'command' => ['x'] }, { 'path' => '/etc', 'exclude' => [''] },
          { 'path' => '/etc', 'exclude' => ["a\nb"] }, { 'path' => '/etc', 'exlude' => ['typo'] }, { 'dump' => 'x' },
          { 'dump' => 'x', 'command' => ["a\nb"] }, '/etc', { 'path' => '/etc', 'optional' => 'yes' },
          { 'dump' => 'x', 'command' => ['x'], 'optional' => true }, { 'mysql' => { 'defaults-file' => '/etc/my.cnf' } },
          { 'mysql' => { 'name' => 'x', 'defaults-file' => 'my.cnf' } }, { 'mysql' => { 'name' => '../x' } },
          { 'mysql' => { 'name' => 'x', 'databases' => [] } }, { 'mysql' => { 'name' => 'x', 'pasword' => 'y' } },
          { 'path' => '/vm', 'reflink' => 'yes' }, { 'dump' => 'x', 'command' => ['x'], 'reflink' => true },
          { 'postgresql' => { 'host' => '/run/postgresql' } }, { 'postgresql' => { 'name' => 'p', 'passfile' => 'pgpass' } },
          { 'postgresql' => { 'name' => 'p', 'port' => 0 } }, { 'mariabackup' => { 'name' => 'g', 'full-every' => 367 } },
          { 'mariabackup' => { 'name' => 'g', 'databases' => ['a'] } },
          { 'ssh-command' => { 'name' => 's', 'host' => 'h', 'user' => 'u', 'command' => 'c', 'identity' => '/k' } },
          { 'ssh-command' => { 'name' => 's', 'host' => 'h;x', 'user' => 'u', 'command' => 'c', 'identity' => '/k', 'known-hosts' => '/h' } },
          { 'path' => '/etc', 'hooks' => { 'before' => [] } },
          { 'path' => '/srv', 'snapshot' => 'zfs' }, { 'path' => '/srv', 'snapshot' => true },
          { 'path' => '/srv', 'snapshot' => 'lvm', 'lvm-snapshot-size' => '0%' },
          { 'dump' => 'x', 'command' => ['x'], 'snapshot' => 'lvm' },
          { 'mysql' => { 'name' => 'x' }, 'lvm-snapshot-size' => '20%' }],
  },
  'Backups::Hooks' => {
    good: [{}, { 'before' => ['/usr/local/bin/x'] }, { 'after' => ['logger', '-t', 'kaizen', 'a b'], 'timeout' => 1 },
           { 'timeout' => 86_400 }],
    bad: [{ 'before' => [] }, { 'before' => '/bin/x' }, { 'timeout' => 0 }, { 'timeout' => 86_401 }, { 'befor' => ['x'] },
          { 'after' => ["x\ny"] }],
  },
  'Backups::Priority' => {
    good: [{}, { 'nice' => 19, 'io-class' => 'idle' }, { 'nice' => -20 }, { 'io-class' => 'best-effort', 'io-level' => 7 },
           { 'io-class' => 'realtime', 'io-level' => 0 }, { 'io-class' => 'best-effort' }],
    bad: [{ 'nice' => 20 }, { 'nice' => -21 }, { 'io-class' => 'idle', 'io-level' => 0 }, { 'io-level' => 3 },
          { 'io-class' => 'best-effort', 'io-level' => 8 }, { 'io-class' => 'low' }, { 'ionice' => 3 }],
  },
  'Backups::Free_space_floor' => {
    good: ['5%', '0%', '100%', '12.5%', '100.0%', '10G', '4096', '64M'],
    bad: ['101%', '100.5%', '-1%', '5 %', '10 G', 'lots', '', '1.5G', '10GB'],
  },
  'Backups::Lvm_snapshot_size' => {
    good: ['1%', '20%', '99%', '100%', '1', '512M', '4G', '1T', '65536K', '10'],
    bad: ['0%', '101%', '00%', '05%', '-1%', '0', '0G', '10%ORIGIN', '4 G', '4GiB', '4g', '1.5G', '', '20 %', "4G\n"],
  },
  'Backups::Time_span' => {
    good: ['30s', '10m', '26h', '2d', '1d12h', '1w'],
    bad: ['', '10', '10 m', 'm', '1.5h', '10min'],
  },
  'Backups::Mailto' => {
    good: ['ops@example.org', 'root', 'a.b+c@mail.example.org,oncall@example.org'],
    bad: ['', 'ops at example.org', 'a@b@c.org', 'ops@example', 'ops@example.org,', "ops@example.org\nX=y",
          'a@b.org; rm', '%x@y.org', 'ops@example.org, oncall@example.org'],
  },
  'Backups::Address_pattern' => {
    good: ['10.0.0.5', '192.0.2.0/24', '10.0.*.*', '!10.0.0.6', '2001:db8::1', '2001:db8::/32', '::1',
           'collector.example.org', '*.example.org', 'collector?'],
    bad: ['', '10.0.0.1,10.0.0.2', '10.0.0.1 ', '"x"', 'a b', 'host"', '10.0.0.1/24/8', '-x', "a\nb"],
  },
  'Backups::Host' => {
    good: ['10.0.0.11', 'node-1.example.test', 'fd00::2', 'localhost'],
    bad: ['', '-x', 'a b', 'a;b', '[::1]', 'x.', 'a:b@c'],
  },
  'Backups::Node_name' => {
    good: ['compute-1', 'node1.example.test', 'a_b'],
    bad: ['', '.hidden', '..', 'a/b', 'a b', '-x', "a\n"],
  },
  'Backups::User_name' => {
    good: ['kaizen-backup', '_b', 'kb1'],
    bad: ['', 'Root', '1abc', 'a b', 'a:b'],
  },
  'Backups::Ssh_public_key' => {
    good: ["ssh-ed25519 #{TEST_KEY}", "ssh-ed25519 #{TEST_KEY} ops@collector-1", "ecdsa-sha2-nistp256 #{TEST_KEY}"],
    bad: ["ssh-dss #{TEST_KEY}", "command=\"sh\" ssh-ed25519 #{TEST_KEY}", "ssh-ed25519 #{TEST_KEY} x\nssh-ed25519 #{TEST_KEY}",
          'ssh-ed25519', "ssh-ed25519 #{TEST_KEY}\"x"],
  },
  'Backups::Static_node' => {
    good: [{ 'host' => '10.0.0.1' },
           { 'host' => 'h', 'port' => 2222, 'user' => 'kb', 'store' => '/b', 'host_keys' => ["ssh-rsa #{TEST_KEY}"] }],
    bad: [{ 'port' => 22 }, { 'host' => 'h', 'port' => 0 }, { 'host' => 'h', 'port' => 65_536 }, { 'host' => 'h', 'x' => 1 }],
  },
  'Backups::Role_defaults' => {
    good: [{ 'keep_days' => 8, 'hour' => 5, 'minute' => 30 },
           { 'sources' => [{ 'path' => '/etc' }], 'keep_days' => 2, 'hour' => 2, 'minute' => 30 }],
    bad: [{ 'keep_days' => 0, 'hour' => 5, 'minute' => 30 }, { 'keep_days' => 1, 'hour' => 24, 'minute' => 0 },
          { 'keep_days' => 1, 'hour' => 1 }],
  },
  'Backups::Offsite_target' => {
    good: [{ 'directory' => '/mnt/offsite' },
           { 's3' => { 'endpoint' => 'https://rgw.example.org', 'bucket' => 'kaizen', 'credentials' => '/etc/kaizen/offsite.s3' } },
           { 's3' => { 'endpoint' => 'http://127.0.0.1:9000', 'bucket' => 'k.b-1', 'prefix' => 'moc/site a/',
                       'region' => 'eu-west-1', 'credentials' => '/etc/kaizen/offsite.s3' } }],
    bad: [{ 'directory' => 'mnt' }, {}, { 'directory' => '/a', 's3' => {} },
          { 's3' => { 'endpoint' => 'ftp://h', 'bucket' => 'kaizen', 'credentials' => '/c' } },
          { 's3' => { 'endpoint' => 'https://h', 'bucket' => 'Kaizen', 'credentials' => '/c' } },
          { 's3' => { 'endpoint' => 'https://h', 'bucket' => 'kaizen', 'prefix' => 'moc', 'credentials' => '/c' } },
          { 's3' => { 'endpoint' => 'https://h', 'bucket' => 'kaizen', 'prefix' => '/moc/', 'credentials' => '/c' } },
          { 's3' => { 'endpoint' => "https://h\n", 'bucket' => 'kaizen', 'credentials' => '/c' } },
          { 's3' => { 'endpoint' => 'https://h', 'bucket' => 'kaizen', 'credentials' => 'offsite.s3' } },
          { 's3' => { 'endpoint' => 'https://h', 'bucket' => 'kaizen', 'secret' => 'x', 'credentials' => '/c' } }],
  },
  'Backups::Cluster' => {
    good: ['default', 'site_a', 'b2'],
    bad: ['Site A', '', '_x', 'a-b'],
  },
  'Backups::Scheduler' => {
    good: %w[auto cron systemd],
    bad: ['at', ''],
  },
  'Backups::Filter_rule' => {
    good: ['instances/', '- *.tmp', '/var/lib/foo/cache/'],
    bad: ['', "a\nb"],
  },
}.freeze

describe 'assert_type' do
  let(:node) { 'node1.example.test' }

  TYPE_CASES.each do |type, cases|
    it "#{type} takes #{cases[:good].size} values and refuses #{cases[:bad].size}" do
      wrong = cases[:good].reject do |value|
        subject.execute(type, value)
        true
      rescue Puppet::Error
        false
      end.map { |value| "refused #{value.inspect}" }
      wrong += cases[:bad].select do |value|
        subject.execute(type, value)
        true
      rescue Puppet::Error
        false
      end.map { |value| "took #{value.inspect}" }
      expect(wrong).to eq([])
    end
  end
end
