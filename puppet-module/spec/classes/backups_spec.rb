# frozen_string_literal: true

require 'spec_helper'
require 'yaml'
require 'tmpdir'
require 'English'

CONTROLLER_PATHS = %w[/etc/nova /etc/keystone /etc/cinder /etc/glance /var/lib/nova /var/lib/glance
                      /var/log/keystone /var/log/cinder /var/log/glance].freeze
COMPUTE_PATHS = %w[/etc/nova /etc/keystone /etc/cinder /etc/glance /etc/swift /var/lib/nova /var/lib/cinder
                   /var/lib/keystone /var/lib/glance].freeze
SERVE = 'sudo -n /usr/local/bin/kaizen serve --store /backups'
AUTHORIZED_KEYS = '/var/lib/kaizen-backup/.ssh/authorized_keys'
# The packages kaizen needs (and cron), by OS family: data/os/FAMILY.yaml.
PACKAGES = {
  'Debian' => %w[openjdk-17-jre-headless rsync sudo openssh-client logrotate cron],
  'RedHat' => %w[java-17-openjdk-headless rsync sudo openssh-clients logrotate cronie],
}.freeze
# The client packages of database sources, by OS family.
CLIENTS = {
  'Debian' => { 'mysql' => 'mariadb-client', 'mariabackup' => 'mariadb-backup', 'postgresql' => 'postgresql-client' },
  'RedHat' => { 'mysql' => 'mariadb', 'mariabackup' => 'mariadb-backup', 'postgresql' => 'postgresql' },
}.freeze

describe 'backups' do
  let(:node) { 'node1.example.test' }

  # The YAML the catalog writes into a file, parsed.
  def yaml_of(path)
    YAML.safe_load(catalogue.resource('File', path)[:content])
  end

  def content_of(path)
    catalogue.resource('File', path)[:content]
  end

  # The authorized_keys lines concat assembles from the catalog's fragments: header first, then by order and title.
  def authorized_keys_lines
    fragments = catalogue.resources.select { |r| r.type == 'Concat_fragment' && r[:target] == AUTHORIZED_KEYS }
    fragments.sort_by { |r| [r[:order].to_s, r.title] }.map { |r| r[:content] }.join.lines.map(&:chomp)
  end

  on_supported_os.each do |os, os_facts|
    context "on #{os}" do
      let(:facts) { os_facts }

      context 'with no parameters (role generic from module data)' do
        it { is_expected.to compile.with_all_deps }
        it { is_expected.to contain_class('backups::install').that_comes_before('Class[backups::config]') }
        it { is_expected.to contain_class('backups::config').that_comes_before('Class[backups::access]') }
        it { is_expected.to contain_class('backups::access').that_comes_before('Class[backups::collector]') }
        it { is_expected.to contain_class('backups::collector').that_comes_before('Class[backups::schedule]') }

        it 'installs Java, rsync, sudo, ssh-keygen, logrotate and cron under this OS\'s package names, no database client' do
          PACKAGES.fetch(facts[:os]['family']).each do |package|
            is_expected.to contain_package(package).with_ensure('installed')
          end
          is_expected.to have_package_resource_count(6)
        end

        it 'installs the jar and the launcher from the module' do
          is_expected.to contain_file('/usr/local/lib/kaizen/kaizen.jar')
            .with(ensure: 'file', mode: '0644', owner: 'root', source: 'puppet:///modules/backups/kaizen.jar')
          is_expected.to contain_file('/usr/local/bin/kaizen')
            .with(ensure: 'file', mode: '0755', owner: 'root', source: 'puppet:///modules/backups/kaizen')
          is_expected.to contain_file('/var/log/kaizen').with(ensure: 'directory', mode: '0750', group: 'adm')
        end

        it 'makes the class-data archive of the jar whenever it is missing or older than the jar' do
          is_expected.to contain_exec('kaizen class-data archive')
            .with(command: 'java -cp /usr/local/lib/kaizen/kaizen.jar io.kaizen.backup.cli.ClassArchive',
                  unless: 'test -s /usr/local/lib/kaizen/kaizen.jsa -a /usr/local/lib/kaizen/kaizen.jsa -nt /usr/local/lib/kaizen/kaizen.jar')
            .that_requires('File[/usr/local/lib/kaizen/kaizen.jar]')
        end

        it 'backs up /etc into /backups (root only), keeping 2 days' do
          is_expected.to contain_file('/backups').with(ensure: 'directory', mode: '0700', owner: 'root', group: 'root')
          is_expected.to contain_file('/etc/kaizen/node.yaml').with(mode: '0640', owner: 'root')
          expect(yaml_of('/etc/kaizen/node.yaml')).to eq(
            'store' => '/backups', 'engine' => 'auto', 'exclude' => [],
            'sources' => [{ 'path' => '/etc' }],
            'retention' => { 'keep-days' => 2, 'min-keep' => 2 },
          )
        end

        it 'makes the backup user: system, real shell, no usable password' do
          is_expected.to contain_user('kaizen-backup').with(
            ensure: 'present', system: true, home: '/var/lib/kaizen-backup', managehome: true,
            shell: '/bin/sh', password: '*',
          )
        end

        it 'gives its home, .ssh and authorized_keys to root, so that it cannot rewrite its own forced command' do
          is_expected.to contain_file('/var/lib/kaizen-backup').with(ensure: 'directory', owner: 'root', group: 'root', mode: '0755')
                                                               .that_requires('User[kaizen-backup]')
          is_expected.to contain_file('/var/lib/kaizen-backup/.ssh').with(ensure: 'directory', owner: 'root', group: 'root', mode: '0755')
          is_expected.to contain_concat(AUTHORIZED_KEYS).with(owner: 'root', group: 'root', mode: '0644')
                                                        .that_requires('File[/var/lib/kaizen-backup/.ssh]')
          is_expected.to have_ssh_authorized_key_resource_count(0)
          expect(authorized_keys_lines).to eq(["# Managed by Puppet (module backups): collectors' keys, each forced to the read-only agent."])
        end

        it 'allows the backup user exactly the agent on the store through sudo, validated by visudo' do
          is_expected.to contain_file('/etc/sudoers.d/kaizen-backup')
            .with(ensure: 'file', mode: '0440', owner: 'root', validate_cmd: '/usr/sbin/visudo -cf %')
            .that_requires('User[kaizen-backup]')
          rules = content_of('/etc/sudoers.d/kaizen-backup').lines.map(&:strip).reject { |l| l.empty? || l.start_with?('#') }
          expect(rules).to eq([
                                'Defaults:kaizen-backup env_keep += "SSH_ORIGINAL_COMMAND"',
                                'kaizen-backup ALL=(root) NOPASSWD: /usr/local/bin/kaizen serve --store /backups',
                              ])
        end

        it 'schedules the snapshot at 02:30 in /etc/cron.d, stdout to the log, mail to cron\'s default' do
          is_expected.to contain_file('/etc/cron.d/kaizen-snapshot').with(ensure: 'file', mode: '0644', owner: 'root')
          lines = content_of('/etc/cron.d/kaizen-snapshot').lines.map(&:chomp).reject { |l| l.start_with?('#') }
          expect(lines).to eq([
                                'SHELL=/bin/sh',
                                'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
                                '30 2 * * * root /usr/local/bin/kaizen snapshot --config /etc/kaizen/node.yaml ' \
                                '>>/var/log/kaizen/snapshot.log',
                              ])
          expect(content_of('/etc/cron.d/kaizen-snapshot')).to end_with("\n")
        end

        it 'rotates the logs' do
          is_expected.to contain_file('/etc/logrotate.d/kaizen').with_content(%r{\A#.*\n/var/log/kaizen/\*\.log \{\n})
          is_expected.to contain_file('/etc/logrotate.d/kaizen').with_content(%r{^  create 0640 root adm$})
        end

        it 'has no collector parts, no timers, no keys' do
          is_expected.to contain_file('/etc/cron.d/kaizen-collect').with_ensure('absent')
          is_expected.to contain_file('/etc/kaizen/collector.yaml').with_ensure('absent')
          is_expected.to contain_file('/etc/kaizen/nodes.yaml').with_ensure('absent')
          is_expected.to contain_file('/etc/kaizen/id_ed25519').with_ensure('absent')
          is_expected.to contain_file('/etc/kaizen/known_hosts').with_ensure('absent')
          is_expected.to contain_file('/etc/kaizen/nodes.d').with_ensure('absent')
          is_expected.to contain_file('/etc/systemd/system/kaizen-snapshot.timer').with_ensure('absent')
          is_expected.not_to contain_exec('kaizen collector key')
          is_expected.not_to contain_file('/srv/backups')
          is_expected.not_to contain_service('kaizen-snapshot.timer')
          expect(exported_resources).to have_backups__node_entry_resource_count(0)
        end
      end

      context 'with role controller' do
        let(:params) { { role: 'controller' } }

        it { is_expected.to compile.with_all_deps }
        it 'backs up the old scripts\' controller paths (each optional) and every MySQL database, keeping 2 days' do
          config = yaml_of('/etc/kaizen/node.yaml')
          expect(config['sources']).to eq(CONTROLLER_PATHS.map { |p| { 'path' => p, 'optional' => true } } + [
            { 'mysql' => { 'name' => 'openstack', 'defaults-file' => '/etc/kaizen/my.cnf' } },
          ])
          expect(config['retention']).to eq('keep-days' => 2, 'min-keep' => 2)
          expect(config).not_to have_key('priority')
        end
        it { is_expected.to contain_package(CLIENTS.fetch(facts[:os]['family'])['mysql']).with_ensure('installed') }
      end

      context 'with role controller and mysql_backup mariabackup' do
        let(:params) { { role: 'controller', mysql_backup: 'mariabackup' } }

        it { is_expected.to compile.with_all_deps }
        it 'takes the role\'s MariaDB physically with mariabackup, same name and defaults file' do
          expect(yaml_of('/etc/kaizen/node.yaml')['sources'].last)
            .to eq('mariabackup' => { 'name' => 'openstack', 'defaults-file' => '/etc/kaizen/my.cnf' })
          is_expected.to contain_package(CLIENTS.fetch(facts[:os]['family'])['mariabackup']).with_ensure('installed')
          is_expected.not_to contain_package(CLIENTS.fetch(facts[:os]['family'])['mysql'])
        end
      end

      context 'with role compute' do
        let(:params) { { role: 'compute' } }

        it { is_expected.to compile.with_all_deps }
        it 'backs up the old scripts\' compute paths (each optional), /var/lib/nova without instances/' do
          expect(yaml_of('/etc/kaizen/node.yaml')['sources']).to eq(COMPUTE_PATHS.map do |p|
            p == '/var/lib/nova' ? { 'path' => p, 'exclude' => ['instances/'], 'optional' => true } : { 'path' => p, 'optional' => true }
          end)
        end
        it { is_expected.to contain_user('kaizen-backup') }
        it { is_expected.to contain_file('/etc/cron.d/kaizen-snapshot').with_content(%r{^30 2 \* \* \* root }) }
        it 'runs at nice 19 and idle I/O, the tenants\' VMs first (the issue: ionice idle by default on compute nodes)' do
          expect(yaml_of('/etc/kaizen/node.yaml')['priority']).to eq('nice' => 19, 'io-class' => 'idle')
        end
      end

      context 'with role collector' do
        let(:params) { { role: 'collector' } }

        it { is_expected.to compile.with_all_deps }

        it 'makes its key pair on the collector (never in the catalog)' do
          is_expected.to contain_exec('kaizen collector key').with(
            command: "/usr/bin/ssh-keygen -q -t ed25519 -N '' -C kaizen-collector@node1.example.test " \
                     '-f /etc/kaizen/id_ed25519',
            creates: '/etc/kaizen/id_ed25519', umask: '0077',
          )
          is_expected.to contain_file('/etc/kaizen/id_ed25519').with(mode: '0600', owner: 'root', content: nil)
            .that_requires('Exec[kaizen collector key]')
          is_expected.to contain_file('/etc/kaizen/id_ed25519.pub').with(mode: '0644', content: nil)
        end

        it 'has known_hosts, the inventory reading its directory (purged), its store and its configuration' do
          is_expected.to contain_file('/etc/kaizen/known_hosts').with(ensure: 'file', mode: '0644', content: nil)
          is_expected.to contain_file('/etc/kaizen/nodes.d').with(ensure: 'directory', recurse: true, purge: true)
          is_expected.to contain_file('/etc/kaizen/nodes.yaml').with(ensure: 'file', mode: '0644', owner: 'root')
          expect(yaml_of('/etc/kaizen/nodes.yaml')).to eq('inventory' => { 'directory' => '/etc/kaizen/nodes.d' })
          is_expected.to contain_file('/srv/backups').with(ensure: 'directory', mode: '0700', owner: 'root')
          expect(yaml_of('/etc/kaizen/collector.yaml')).to eq(
            'dest' => '/srv/backups', 'identity' => '/etc/kaizen/id_ed25519',
            'known-hosts' => '/etc/kaizen/known_hosts', 'inventory' => '/etc/kaizen/nodes.yaml',
            'parallel' => 4, 'max-age' => '26h', 'retention' => { 'keep-days' => 8, 'min-keep' => 2 },
          )
        end

        it 'collects at 05:30, after the nodes\' window' do
          lines = content_of('/etc/cron.d/kaizen-collect').lines.map(&:chomp).reject { |l| l.start_with?('#') }
          expect(lines.last).to eq('30 5 * * * root /usr/local/bin/kaizen collect --config /etc/kaizen/collector.yaml ' \
                                   '>>/var/log/kaizen/collect.log')
        end

        it 'has no node parts and removes a former node\'s' do
          is_expected.to contain_user('kaizen-backup').with(ensure: 'absent', managehome: false).that_comes_before('File[/var/lib/kaizen-backup]')
          is_expected.to contain_file('/var/lib/kaizen-backup').with(ensure: 'absent', force: true)
          is_expected.to contain_file('/etc/sudoers.d/kaizen-backup').with_ensure('absent').that_comes_before('User[kaizen-backup]')
          is_expected.to contain_file('/etc/kaizen/node.yaml').with_ensure('absent')
          is_expected.to contain_file('/etc/cron.d/kaizen-snapshot').with_ensure('absent')
          is_expected.not_to contain_file('/backups')
        end

        it 'does not export its key without nodes_query' do
          expect(exported_resources).to have_backups__collector_key_resource_count(0)
        end
      end

      context 'with role collector and an offsite directory' do
        let(:params) { { role: 'collector', offsite_target: { 'directory' => '/mnt/offsite' } } }

        it { is_expected.to compile.with_all_deps }

        it 'writes offsite.yaml naming the key by path' do
          is_expected.to contain_file('/etc/kaizen/offsite.yaml').with(ensure: 'file', mode: '0640', owner: 'root')
          expect(yaml_of('/etc/kaizen/offsite.yaml')).to eq(
            'collector-store' => '/srv/backups', 'key' => '/etc/kaizen/offsite.keyset',
            'target' => { 'directory' => '/mnt/offsite' }, 'retention' => { 'keep-days' => 90 },
          )
        end

        it 'never manages the key file (offsite init makes it on the collector)' do
          is_expected.not_to contain_file('/etc/kaizen/offsite.keyset')
        end

        it 'replicates at 07:30, two hours after the collection, into its own log' do
          lines = content_of('/etc/cron.d/kaizen-replicate').lines.map(&:chomp).reject { |l| l.start_with?('#') }
          expect(lines.last).to eq('30 7 * * * root /usr/local/bin/kaizen replicate --config /etc/kaizen/offsite.yaml ' \
                                   '>>/var/log/kaizen/replicate.log')
          is_expected.to contain_file('/etc/cron.d/kaizen-collect').with_content(%r{^30 5 \* \* \* root })
        end
      end

      context 'with role collector, an offsite S3 bucket, offsite_key, offsite_keep_days, offsite_hour and offsite_minute' do
        let(:params) do
          { role: 'collector', mailto: 'ops@example.org',
            offsite_target: { 's3' => { 'endpoint' => 'https://rgw.example.org', 'bucket' => 'kaizen', 'prefix' => 'moc/',
                                        'credentials' => '/etc/kaizen/offsite.s3' } },
            offsite_key: '/root/offsite.keyset', offsite_keep_days: 120, offsite_hour: 8, offsite_minute: 5 }
        end

        it 'writes the S3 block, credentials by path, region defaulted' do
          expect(yaml_of('/etc/kaizen/offsite.yaml')).to eq(
            'collector-store' => '/srv/backups', 'key' => '/root/offsite.keyset',
            'target' => { 's3' => { 'endpoint' => 'https://rgw.example.org', 'bucket' => 'kaizen', 'prefix' => 'moc/',
                                    'region' => 'us-east-1', 'credentials' => '/etc/kaizen/offsite.s3' } },
            'retention' => { 'keep-days' => 120 },
          )
          is_expected.not_to contain_file('/etc/kaizen/offsite.s3')
        end

        it { is_expected.to contain_file('/etc/cron.d/kaizen-replicate').with_content(%r{^MAILTO=ops@example.org\n5 8 \* \* \* root /usr/local/bin/kaizen replicate }) }
      end

      context 'with role collector collecting at 23:10, offsite, under systemd' do
        let(:params) do
          { role: 'collector', hour: 23, minute: 10, scheduler: 'systemd', offsite_target: { 'directory' => '/mnt/offsite' } }
        end

        it 'replicates at 01:10 the next morning with a timer' do
          is_expected.to contain_file('/etc/systemd/system/kaizen-replicate.timer').with_content(%r{^OnCalendar=\*-\*-\* 01:10:00$})
          is_expected.to contain_file('/etc/systemd/system/kaizen-replicate.service')
            .with_content(%r{/usr/local/bin/kaizen replicate --config /etc/kaizen/offsite.yaml})
          is_expected.to contain_file('/etc/systemd/system/kaizen-collect.timer').with_content(%r{^OnCalendar=\*-\*-\* 23:10:00$})
          is_expected.to contain_service('kaizen-replicate.timer').with(ensure: 'running', enable: true)
          is_expected.to contain_file('/etc/cron.d/kaizen-replicate').with_ensure('absent')
        end
      end

      context 'with role collector and no offsite_target' do
        let(:params) { { role: 'collector' } }

        it 'has no offsite configuration and no replication' do
          is_expected.to contain_file('/etc/kaizen/offsite.yaml').with_ensure('absent')
          is_expected.to contain_file('/etc/cron.d/kaizen-replicate').with_ensure('absent')
        end
      end

      context 'with enabled => false' do
        let(:params) { { enabled: false } }

        it { is_expected.to compile.with_all_deps }
        it 'removes everything it installed, the last directories whole' do
          %w[/usr/local/lib/kaizen /etc/kaizen /var/log/kaizen].each do |dir|
            is_expected.to contain_file(dir).with(ensure: 'absent', force: true)
          end
          %w[/usr/local/bin/kaizen /usr/local/lib/kaizen/kaizen.jar /etc/sudoers.d/kaizen-backup /etc/cron.d/kaizen-snapshot
             /etc/cron.d/kaizen-collect /etc/logrotate.d/kaizen /etc/systemd/system/kaizen-snapshot.service
             /etc/systemd/system/kaizen-snapshot.timer /etc/systemd/system/kaizen-collect.service
             /etc/systemd/system/kaizen-collect.timer /etc/systemd/system/kaizen-failure@.service].each do |file|
            is_expected.to contain_file(file).with_ensure('absent')
          end
          is_expected.to contain_user('kaizen-backup').with(ensure: 'absent', managehome: false).that_comes_before('File[/var/lib/kaizen-backup]')
          is_expected.to contain_file('/var/lib/kaizen-backup').with(ensure: 'absent', force: true)
          is_expected.not_to contain_exec('kaizen class-data archive')
        end
        it 'keeps the backups and the packages' do
          is_expected.not_to contain_file('/backups')
          is_expected.not_to contain_file('/srv/backups')
          is_expected.to have_package_resource_count(0)
        end
        it 'removes the schedule first and the files last' do
          is_expected.to contain_class('backups::schedule').that_comes_before('Class[backups::collector]')
          is_expected.to contain_class('backups::access').that_comes_before('Class[backups::config]')
          is_expected.to contain_class('backups::config').that_comes_before('Class[backups::install]')
        end
      end

      context 'with enabled => false and an offsite_target still in the data' do
        let(:params) { { enabled: false, offsite_target: { 'directory' => '/mnt/offsite' } } }

        it { is_expected.to compile.with_all_deps }
        it { is_expected.to contain_file('/etc/cron.d/kaizen-replicate').with_ensure('absent') }
      end

      context 'with keep_days, hour, minute and mailto (the issue\'s example)' do
        let(:params) { { role: 'compute', keep_days: 8, hour: 2, minute: 30, mailto: 'ops@example.org' } }

        it { is_expected.to compile.with_all_deps }
        it { expect(yaml_of('/etc/kaizen/node.yaml')['retention']).to eq('keep-days' => 8, 'min-keep' => 2) }
        it { is_expected.to contain_file('/etc/cron.d/kaizen-snapshot').with_content(%r{^MAILTO=ops@example.org\n30 2 \* \* \* root }) }
      end

      context 'with hour and minute' do
        let(:params) { { role: 'collector', hour: 0, minute: 5 } }

        it { is_expected.to contain_file('/etc/cron.d/kaizen-collect').with_content(%r{^5 0 \* \* \* root /usr/local/bin/kaizen collect }) }
      end

      context 'with roles overriding a role\'s defaults (deep-merged in Hiera)' do
        let(:params) do
          { role: 'compute',
            roles: { 'compute' => { 'sources' => [{ 'path' => '/srv/data' }], 'keep_days' => 5, 'hour' => 23, 'minute' => 59 } } }
        end

        it { expect(yaml_of('/etc/kaizen/node.yaml')['sources']).to eq([{ 'path' => '/srv/data' }]) }
        it { expect(yaml_of('/etc/kaizen/node.yaml')['retention']['keep-days']).to eq(5) }
        it { is_expected.to contain_file('/etc/cron.d/kaizen-snapshot').with_content(%r{^59 23 \* \* \* root }) }
      end

      context 'with sources, exclude, engine, host, store and min_keep' do
        let(:params) do
          { role: 'generic', store: '/srv/kaizen', engine: 'rsync', host: 'db-1', min_keep: 3, exclude: ['*.swp', '/etc/x "y"\\z'],
            sources: [{ 'path' => '/etc', 'exclude' => ['/etc/ssl/private/'] },
                      { 'path' => '/srv/maybe', 'optional' => true },
                      { 'dump' => 'pg-all', 'command' => ['runuser', '-u', 'postgres', '--', 'pg_dumpall'] },
                      { 'mysql' => { 'name' => 'app', 'defaults-file' => '/root/.my.cnf', 'databases' => ['app', 'users'],
                                     'timeout' => 600 } },
                      { 'mysql' => { 'name' => 'all' } }] }
        end

        it { is_expected.to compile.with_all_deps }
        it 'writes them to the node configuration (quotes and backslashes escaped)' do
          expect(yaml_of('/etc/kaizen/node.yaml')).to eq(
            'store' => '/srv/kaizen', 'engine' => 'rsync', 'host' => 'db-1', 'exclude' => ['*.swp', '/etc/x "y"\\z'],
            'sources' => [{ 'path' => '/etc', 'exclude' => ['/etc/ssl/private/'] },
                          { 'path' => '/srv/maybe', 'optional' => true },
                          { 'dump' => 'pg-all', 'command' => ['runuser', '-u', 'postgres', '--', 'pg_dumpall'] },
                          { 'mysql' => { 'name' => 'app', 'defaults-file' => '/root/.my.cnf', 'databases' => ['app', 'users'],
                                         'timeout' => 600 } },
                          { 'mysql' => { 'name' => 'all' } }],
            'retention' => { 'keep-days' => 2, 'min-keep' => 3 },
          )
        end
        it 'serves that store' do
          is_expected.to contain_file('/srv/kaizen').with(ensure: 'directory', mode: '0700')
          is_expected.to contain_file('/etc/sudoers.d/kaizen-backup').with_content(%r{^kaizen-backup ALL=\(root\) NOPASSWD: /usr/local/bin/kaizen serve --store /srv/kaizen$})
        end
      end

      context 'with checksum, delta_min_size, free_space_floor, priority, hooks and every source kind' do
        let(:params) do
          { role: 'generic', checksum: true, delta_min_size: '64M', free_space_floor: '12.5%',
            priority: { 'nice' => 10, 'io-class' => 'best-effort', 'io-level' => 7 },
            hooks: { 'before' => ['/usr/local/bin/backup-prepare'], 'after' => ['logger', '-t', 'kaizen', 'done'], 'timeout' => 120 },
            sources: [{ 'path' => '/var/lib/rabbitmq', 'optional' => false,
                        'hooks' => { 'before' => ['systemctl', 'stop', 'rabbitmq-server'], 'after' => ['systemctl', 'start', 'rabbitmq-server'] } },
                      { 'path' => '/var/lib/libvirt/images', 'reflink' => true },
                      { 'dump' => 'ldap', 'command' => ['slapcat'], 'hooks' => { 'timeout' => 30, 'before' => ['true'] } },
                      { 'postgresql' => { 'host' => '/var/run/postgresql', 'name' => 'haas', 'port' => 5433, 'os-user' => 'postgres',
                                          'user' => 'backup', 'passfile' => '/etc/kaizen/pgpass', 'databases' => ['haas'],
                                          'bin-dir' => '/usr/lib/postgresql/15/bin', 'timeout' => 3600 } },
                      { 'mariabackup' => { 'name' => 'galera', 'defaults-file' => '/etc/kaizen/my.cnf', 'full-every' => 7, 'timeout' => 7200 } },
                      { 'mysql' => { 'name' => 'openstack' } },
                      { 'ssh-command' => { 'name' => 'switch-1', 'host' => '10.0.0.2', 'port' => 2222, 'user' => 'backup',
                                           'command' => 'show running-config', 'identity' => '/etc/kaizen/id_switch',
                                           'known-hosts' => '/etc/kaizen/switch_hosts', 'timeout' => 90 } }] }
        end

        it { is_expected.to compile.with_all_deps }
        it 'writes each key as the library reads it (README, "Configuration"), the source\'s name first' do
          config = yaml_of('/etc/kaizen/node.yaml')
          expect(config).to eq(
            'store' => '/backups', 'engine' => 'auto', 'checksum' => true, 'delta-min-size' => '64M', 'exclude' => [],
            'sources' => [
              { 'path' => '/var/lib/rabbitmq', 'optional' => false,
                'hooks' => { 'before' => ['systemctl', 'stop', 'rabbitmq-server'], 'after' => ['systemctl', 'start', 'rabbitmq-server'] } },
              { 'path' => '/var/lib/libvirt/images', 'reflink' => true },
              { 'dump' => 'ldap', 'command' => ['slapcat'], 'hooks' => { 'timeout' => 30, 'before' => ['true'] } },
              { 'postgresql' => { 'name' => 'haas', 'host' => '/var/run/postgresql', 'port' => 5433, 'os-user' => 'postgres',
                                  'user' => 'backup', 'passfile' => '/etc/kaizen/pgpass', 'databases' => ['haas'],
                                  'bin-dir' => '/usr/lib/postgresql/15/bin', 'timeout' => 3600 } },
              { 'mariabackup' => { 'name' => 'galera', 'defaults-file' => '/etc/kaizen/my.cnf', 'full-every' => 7, 'timeout' => 7200 } },
              { 'mysql' => { 'name' => 'openstack' } },
              { 'ssh-command' => { 'name' => 'switch-1', 'host' => '10.0.0.2', 'port' => 2222, 'user' => 'backup',
                                   'command' => 'show running-config', 'identity' => '/etc/kaizen/id_switch',
                                   'known-hosts' => '/etc/kaizen/switch_hosts', 'timeout' => 90 } },
            ],
            'retention' => { 'keep-days' => 2, 'min-keep' => 2 },
            'free-space-floor' => '12.5%',
            'priority' => { 'nice' => 10, 'io-class' => 'best-effort', 'io-level' => 7 },
            'hooks' => { 'before' => ['/usr/local/bin/backup-prepare'], 'after' => ['logger', '-t', 'kaizen', 'done'], 'timeout' => 120 },
          )
          expect(content_of('/etc/kaizen/node.yaml')).to include("  - postgresql:\n      name: \"haas\"\n")
        end
        it 'installs the client of each kind of database source once' do
          CLIENTS.fetch(facts[:os]['family']).each_value do |package|
            is_expected.to contain_package(package).with_ensure('installed')
          end
          is_expected.to have_package_resource_count(9)
        end
      end

      context 'with path sources copied from LVM snapshots, accept_store_without_hard_links and GFS retention' do
        let(:params) do
          { role: 'generic', accept_store_without_hard_links: true, keep_daily: 7, keep_weekly: 4, keep_monthly: 12, keep_yearly: 3,
            sources: [{ 'path' => '/var/lib/mysql', 'snapshot' => 'lvm' },
                      { 'path' => '/var/lib/libvirt/images', 'snapshot' => 'lvm', 'lvm-snapshot-size' => '10%', 'optional' => true },
                      { 'path' => '/srv/share', 'exclude' => ['*.tmp'], 'snapshot' => 'lvm', 'lvm-snapshot-size' => '512M' },
                      { 'path' => '/etc' }] }
        end

        it { is_expected.to compile.with_all_deps }
        it 'writes snapshot and lvm-snapshot-size to their sources, the flag, and the GFS counts instead of keep-days' do
          expect(yaml_of('/etc/kaizen/node.yaml')).to eq(
            'store' => '/backups', 'engine' => 'auto', 'accept-store-without-hard-links' => true, 'exclude' => [],
            'sources' => [
              { 'path' => '/var/lib/mysql', 'snapshot' => 'lvm' },
              { 'path' => '/var/lib/libvirt/images', 'optional' => true, 'snapshot' => 'lvm', 'lvm-snapshot-size' => '10%' },
              { 'path' => '/srv/share', 'exclude' => ['*.tmp'], 'snapshot' => 'lvm', 'lvm-snapshot-size' => '512M' },
              { 'path' => '/etc' },
            ],
            'retention' => { 'keep-daily' => 7, 'keep-weekly' => 4, 'keep-monthly' => 12, 'keep-yearly' => 3, 'min-keep' => 2 },
          )
        end
        it 'installs the LVM tools (lvcreate, lvremove) once, beside the usual packages' do
          is_expected.to contain_package('lvm2').with_ensure('installed')
          is_expected.to have_package_resource_count(7)
        end
      end

      context 'with one GFS count and accept_store_without_hard_links false' do
        let(:params) { { keep_weekly: 5, accept_store_without_hard_links: false } }

        it 'writes only that count (and min-keep), and the flag as false' do
          config = yaml_of('/etc/kaizen/node.yaml')
          expect(config['retention']).to eq('keep-weekly' => 5, 'min-keep' => 2)
          expect(config['accept-store-without-hard-links']).to be(false)
        end
      end

      context 'with role collector and GFS retention' do
        let(:params) { { role: 'collector', keep_daily: 14, keep_monthly: 6, min_keep: 3 } }

        it 'keeps the GFS counts per node instead of the role\'s 8 days' do
          expect(yaml_of('/etc/kaizen/collector.yaml')['retention']).to eq('keep-daily' => 14, 'keep-monthly' => 6, 'min-keep' => 3)
        end
      end

      context 'with role compute and priority {} (unchanged)' do
        let(:params) { { role: 'compute', priority: {} } }

        it { expect(yaml_of('/etc/kaizen/node.yaml')).not_to have_key('priority') }
      end

      context 'with role compute and its own priority' do
        let(:params) { { role: 'compute', priority: { 'io-class' => 'best-effort', 'io-level' => 7 } } }

        it { expect(yaml_of('/etc/kaizen/node.yaml')['priority']).to eq('io-class' => 'best-effort', 'io-level' => 7) }
      end

      context 'with role collector: connect_timeout, timeout, deadline, min_rate, quota, preserve_devices, bandwidth_limit, retry_until and retry_every' do
        let(:params) do
          { role: 'collector', connect_timeout: '30s', timeout: '10m', deadline: '20h', min_rate: '2K', quota: '500G',
            preserve_devices: false, bandwidth_limit: 20_480, retry_until: '08:00', retry_every: '15m' }
        end

        it { is_expected.to compile.with_all_deps }
        it 'writes them to the collector configuration, as the library reads them' do
          expect(yaml_of('/etc/kaizen/collector.yaml')).to eq(
            'dest' => '/srv/backups', 'identity' => '/etc/kaizen/id_ed25519',
            'known-hosts' => '/etc/kaizen/known_hosts', 'inventory' => '/etc/kaizen/nodes.yaml',
            'parallel' => 4, 'max-age' => '26h', 'retention' => { 'keep-days' => 8, 'min-keep' => 2 },
            'connect-timeout' => '30s', 'timeout' => '10m', 'deadline' => '20h', 'min-rate' => '2K', 'quota' => '500G',
            'preserve-devices' => false, 'bandwidth-limit' => 20_480, 'retry-until' => '08:00', 'retry-every' => '15m',
          )
        end
        it { is_expected.not_to contain_package(CLIENTS.fetch(facts[:os]['family'])['mysql']) }
      end

      context 'with cron_package and source_packages' do
        let(:params) do
          { role: 'controller', cron_package: 'cronie-noanacron', source_packages: { 'mysql' => ['mysql-client-core', 'mysql-common'] } }
        end

        it { is_expected.to contain_package('cronie-noanacron') }
        it { is_expected.to contain_package('mysql-client-core') }
        it { is_expected.to contain_package('mysql-common') }
      end

      context 'with allow_rsync' do
        let(:params) { { role: 'compute', allow_rsync: true, collector_keys: ["ssh-ed25519 #{TEST_KEY}"] } }

        it 'adds --allow-rsync to the forced command and to the sudoers rule alike' do
          expect(authorized_keys_lines.last).to eq("restrict,command=\"#{SERVE} --allow-rsync\" ssh-ed25519 #{TEST_KEY} kaizen-collector-0")
          is_expected.to contain_file('/etc/sudoers.d/kaizen-backup')
            .with_content(%r{^kaizen-backup ALL=\(root\) NOPASSWD: /usr/local/bin/kaizen serve --store /backups --allow-rsync$})
        end
      end

      context 'with collector_keys, from and user' do
        let(:params) do
          { role: 'compute', user: 'pullme', from: ['10.0.0.5', '192.0.2.0/24', '2001:db8::/32', '*.backup.example.org', '!10.0.0.6'],
            collector_keys: ["ssh-ed25519 #{TEST_KEY} ops@collector-1", "ssh-ed25519 #{TEST_KEY}"] }
        end

        it { is_expected.to compile.with_all_deps }
        it 'forces each key to the agent, from those addresses only, in root\'s authorized_keys of that user' do
          options = 'restrict,from="10.0.0.5,192.0.2.0/24,2001:db8::/32,*.backup.example.org,!10.0.0.6",' \
                    "command=\"#{SERVE}\""
          is_expected.to contain_concat('/var/lib/pullme/.ssh/authorized_keys').with(owner: 'root', mode: '0644')
          %w[kaizen-collector-0 kaizen-collector-1].each do |title|
            is_expected.to contain_concat__fragment(title).with(
              target: '/var/lib/pullme/.ssh/authorized_keys', order: '10',
              content: "#{options} ssh-ed25519 #{TEST_KEY} #{title}\n",
            )
          end
        end
        it { is_expected.to contain_user('pullme').with(home: '/var/lib/pullme') }
        it { is_expected.to contain_file('/var/lib/pullme').with(owner: 'root', mode: '0755').that_requires('User[pullme]') }
        it { is_expected.to contain_file('/var/lib/pullme/.ssh').with(owner: 'root', mode: '0755') }
        it { is_expected.to contain_file('/etc/sudoers.d/kaizen-backup').with_content(%r{^Defaults:pullme env_keep \+= "SSH_ORIGINAL_COMMAND"\npullme ALL=\(root\) NOPASSWD: }) }
      end

      context 'with export (PuppetDB) on a node' do
        let(:params) { { role: 'compute', export: true, ssh_port: 2222, cluster: 'site_a' } }

        it { is_expected.to compile.with_all_deps }
        it 'exports its inventory entry and host keys, tagged with the cluster' do
          ssh = facts[:ssh]
          keys = %w[ecdsa ed25519 rsa].map { |a| "#{ssh[a]['type']} #{ssh[a]['key']}" }
          expect(keys.first).to start_with('ecdsa-sha2-nistp256 AAAA')
          expect(exported_resources).to contain_backups__node_entry('node1.example.test').with(
            host: facts[:networking]['ip'], port: 2222, user: 'kaizen-backup', store: '/backups', host_keys: keys,
            tag: ['kaizen_site_a'],
          )
        end
        it 'does not realize its own entry' do
          is_expected.not_to contain_file('/etc/kaizen/nodes.d/node1.example.test.yaml')
        end
      end

      context 'with export and address' do
        let(:params) { { role: 'generic', export: true, address: 'node1.mgmt.example.test' } }

        it { expect(exported_resources).to contain_backups__node_entry('node1.example.test').with_host('node1.mgmt.example.test') }
      end

      context 'with nodes_query on a collector whose key exists' do
        let(:facts) { os_facts.merge(backups_collector_pubkey: "ssh-ed25519 #{TEST_KEY} kaizen-collector@node1.example.test") }
        let(:params) { { role: 'collector', nodes_query: true } }

        it { is_expected.to compile.with_all_deps }
        it 'exports its public key' do
          expect(exported_resources).to contain_backups__collector_key('node1.example.test')
            .with(type: 'ssh-ed25519', key: TEST_KEY, tag: ['kaizen_default'])
        end
      end

      context 'with nodes_query on a collector before its key exists' do
        let(:params) { { role: 'collector', nodes_query: true } }

        it { is_expected.to compile.with_all_deps }
        it { expect(exported_resources).to have_backups__collector_key_resource_count(0) }
      end

      context 'with nodes (a static inventory), parallel, max_age, keep_days and collector_dest' do
        let(:params) do
          { role: 'collector', parallel: 8, max_age: '30h', keep_days: 14, collector_dest: '/data/kaizen',
            nodes: { 'compute-1' => { 'host' => '10.0.0.11' },
                     'db-1' => { 'host' => 'db-1.example.test', 'port' => 2222, 'user' => 'kb', 'store' => '/srv/b',
                                 'host_keys' => ["ssh-ed25519 #{TEST_KEY}"] } } }
        end

        it { is_expected.to compile.with_all_deps }
        it 'writes the collector configuration' do
          config = yaml_of('/etc/kaizen/collector.yaml')
          expect(config).to include('dest' => '/data/kaizen', 'parallel' => 8, 'max-age' => '30h')
          expect(config['retention']).to eq('keep-days' => 14, 'min-keep' => 2)
          is_expected.to contain_file('/data/kaizen').with(ensure: 'directory', mode: '0700')
        end
        it 'writes one inventory file per node, with the defaults filled in' do
          is_expected.to contain_backups__node_entry('compute-1').with(host: '10.0.0.11', port: 22, host_keys: [])
          is_expected.to contain_backups__node_entry('db-1').with(port: 2222, user: 'kb', store: '/srv/b')
          is_expected.to contain_backups__address_claim('db-1.example.test:2222').with_claimant('db-1')
          is_expected.to contain_file('/etc/kaizen/nodes.d/compute-1.yaml').with(mode: '0644', owner: 'root')
          is_expected.to contain_file('/etc/kaizen/nodes.d/db-1.yaml').with(mode: '0644', owner: 'root')
          expect(yaml_of('/etc/kaizen/nodes.d/compute-1.yaml')).to eq(
            'name' => 'compute-1', 'host' => '10.0.0.11', 'port' => 22, 'user' => 'kaizen-backup', 'store' => '/backups',
          )
          expect(yaml_of('/etc/kaizen/nodes.d/db-1.yaml')).to eq(
            'name' => 'db-1', 'host' => 'db-1.example.test', 'port' => 2222, 'user' => 'kb', 'store' => '/srv/b',
          )
        end
        it 'pins the host keys given under the node name, whatever the address and port' do
          is_expected.to contain_sshkey('kaizen-node:db-1@ssh-ed25519').with(
            key: TEST_KEY, target: '/etc/kaizen/known_hosts',
          ).without_host_aliases.that_requires('File[/etc/kaizen/known_hosts]')
          is_expected.to have_sshkey_resource_count(1)
        end
      end

      context 'with scheduler systemd' do
        let(:params) { { role: 'compute', scheduler: 'systemd', mailto: 'ops@example.org,oncall@example.org' } }

        it { is_expected.to compile.with_all_deps }
        it 'runs the snapshot from a timer, not cron' do
          is_expected.to contain_file('/etc/cron.d/kaizen-snapshot').with_ensure('absent')
          is_expected.not_to contain_package('cron')
          is_expected.to contain_file('/etc/systemd/system/kaizen-snapshot.service')
            .with_content(%r{^ExecStart=/bin/sh -c 'exec /usr/local/bin/kaizen snapshot --config /etc/kaizen/node.yaml >>/var/log/kaizen/snapshot.log'$})
            .with_content(%r{^OnFailure=kaizen-failure@%n.service$})
            .with_content(%r{^Type=oneshot$})
          is_expected.to contain_file('/etc/systemd/system/kaizen-snapshot.timer')
            .with_content(%r{^OnCalendar=\*-\*-\* 02:30:00$}).with_content(%r{^Persistent=true$})
            .that_notifies('Service[kaizen-snapshot.timer]')
          is_expected.to contain_service('kaizen-snapshot.timer').with(ensure: 'running', enable: true, provider: 'systemd')
        end
        it 'mails failures' do
          is_expected.to contain_file('/etc/systemd/system/kaizen-failure@.service')
            .with_content(%r{^Environment=MAILTO=ops@example.org,oncall@example.org$})
            .with_content(%r{^ExecStart=/usr/local/lib/kaizen/mail-failure %i$})
          is_expected.to contain_file('/usr/local/lib/kaizen/mail-failure').with(mode: '0755')
            .with_content(%r{\| /usr/sbin/sendmail -t$})
        end
        it 'writes units that systemd-analyze verify accepts, and a mail script sh accepts' do
          Dir.mktmpdir do |dir|
            units = %w[kaizen-snapshot.service kaizen-snapshot.timer kaizen-failure@.service].map do |unit|
              # The failure unit's script is not on this machine: verify the unit with /bin/true in its place.
              text = content_of("/etc/systemd/system/#{unit}").gsub('/usr/local/lib/kaizen/mail-failure', '/bin/true')
              File.write(File.join(dir, unit), text)
              File.join(dir, unit.sub('@.service', '@kaizen-snapshot.service.service'))
            end
            File.write(units.last, File.read(File.join(dir, 'kaizen-failure@.service')))
            out = `systemd-analyze verify --man=no #{units.join(' ')} 2>&1`
            expect([out, $CHILD_STATUS.exitstatus]).to eq(['', 0])
            File.write(File.join(dir, 'mail-failure'), content_of('/usr/local/lib/kaizen/mail-failure'))
            expect(system('sh', '-n', File.join(dir, 'mail-failure'))).to be(true)
          end
        end
        it 'has no collection timer' do
          is_expected.to contain_file('/etc/systemd/system/kaizen-collect.timer').with_ensure('absent')
          is_expected.not_to contain_service('kaizen-collect.timer')
        end
      end

      context 'with scheduler auto where systemd runs' do
        let(:facts) { os_facts.merge(backups_systemd: true) }
        let(:params) { { role: 'collector' } }

        it { is_expected.to compile.with_all_deps }
        it { is_expected.to contain_service('kaizen-collect.timer').with(ensure: 'running', enable: true) }
        it { is_expected.to contain_file('/etc/systemd/system/kaizen-collect.timer').with_content(%r{^OnCalendar=\*-\*-\* 05:30:00$}) }
        it { is_expected.not_to contain_file('/etc/systemd/system/kaizen-collect.service').with_content(%r{OnFailure}) }
        it { is_expected.to contain_file('/etc/systemd/system/kaizen-failure@.service').with_ensure('absent') }
        it 'stops the other timer before removing its units' do
          is_expected.to contain_service('kaizen-snapshot.timer').with(ensure: 'stopped', enable: false)
            .that_comes_before('File[/etc/systemd/system/kaizen-snapshot.timer]')
        end
        it { is_expected.to contain_file('/etc/cron.d/kaizen-collect').with_ensure('absent') }
      end

      context 'with scheduler cron where systemd runs' do
        let(:facts) { os_facts.merge(backups_systemd: true) }
        let(:params) { { role: 'compute', scheduler: 'cron' } }

        it { is_expected.to contain_file('/etc/cron.d/kaizen-snapshot').with_ensure('file') }
        it { is_expected.to contain_service('kaizen-snapshot.timer').with(ensure: 'stopped', enable: false) }
      end

      context 'with manage_packages => false' do
        let(:params) { { manage_packages: false } }

        it { is_expected.to have_package_resource_count(0) }
      end

      context 'with packages' do
        let(:params) { { packages: ['default-jre-headless', 'rsync'] } }

        it { is_expected.to contain_package('default-jre-headless').that_comes_before('File[/usr/local/lib/kaizen/kaizen.jar]') }
        it { is_expected.to have_package_resource_count(3) } # + cron
      end

      # (Each type alias is tested against many more values in spec/functions/type_aliases_spec.rb.)
      describe 'bad input fails the catalog, naming the parameter' do
        {
          'an unknown role' => [{ role: 'database' }, %r{parameter 'role' expects a match for Backups::Role}],
          'keep_days 0' => [{ keep_days: 0 }, %r{parameter 'keep_days' expects a value of type Undef or Integer\[1\]}],
          'a malformed mailto' => [{ mailto: 'ops at example.org' }, %r{parameter 'mailto' expects .*Backups::Mailto}],
          'a mailto smuggling a cron line' => [{ mailto: "ops@example.org\n* * * * * root rm -rf /" }, %r{parameter 'mailto'}],
          'a relative path source' => [{ sources: [{ 'path' => 'etc/nova' }] }, %r{parameter 'sources' .*entry 'path'}],
          'from that is no address list' => [{ from: ['10.0.0.1 , evil"'] }, %r{parameter 'from' .*Backups::Address_pattern}],
          'an unknown engine' => [{ engine: 'turbo' }, %r{parameter 'engine'}],
          'a bad max_age' => [{ max_age: '1 week' }, %r{parameter 'max_age'}],
          'a node name with a slash' => [{ role: 'collector', nodes: { '../etc' => { 'host' => '10.0.0.1' } } }, %r{parameter 'nodes'}],
          'a store with a ;' => [{ store: '/backups;id' }, %r{parameter 'store' expects a match for Backups::Safe_path}],
          'a store with a space' => [{ store: '/back ups' }, %r{parameter 'store' expects a match for Backups::Safe_path}],
          'a collector_dest with a $' => [{ collector_dest: '/srv/$x' }, %r{parameter 'collector_dest' expects a match for Backups::Safe_path}],
          'a store equal to collector_dest' => [{ store: '/srv/backups' }, %r{parameters 'store' and 'collector_dest' must differ}],
          'offsite_target on a node' => [{ role: 'compute', offsite_target: { 'directory' => '/mnt/offsite' } }, %r{parameter 'offsite_target' needs role 'collector'}],
          'an S3 target with a secret in it' => [{ role: 'collector', offsite_target: { 's3' => { 'endpoint' => 'https://h', 'bucket' => 'kaizen', 'credentials' => '/c', 'secret-access-key' => 'x' } } }, %r{parameter 'offsite_target'}],
          'a hook with a newline' => [{ hooks: { 'before' => ["true\nrm"] } }, %r{parameter 'hooks'}],
          'a hook timeout of 0' => [{ hooks: { 'timeout' => 0 } }, %r{parameter 'hooks'}],
          'a hook timeout over a day' => [{ hooks: { 'timeout' => 86_401 } }, %r{parameter 'hooks'}],
          'an empty hook command' => [{ hooks: { 'after' => [] } }, %r{parameter 'hooks'}],
          'nice 20' => [{ priority: { 'nice' => 20 } }, %r{parameter 'priority'}],
          'an unknown io-class' => [{ priority: { 'io-class' => 'low' } }, %r{parameter 'priority'}],
          'an io-level with idle' => [{ priority: { 'io-class' => 'idle', 'io-level' => 3 } }, %r{parameter 'priority'}],
          'an io-level of 8' => [{ priority: { 'io-class' => 'best-effort', 'io-level' => 8 } }, %r{parameter 'priority'}],
          'a free-space floor over 100 %' => [{ free_space_floor: '101%' }, %r{parameter 'free_space_floor'}],
          'a free-space floor that is no size' => [{ free_space_floor: 'lots' }, %r{parameter 'free_space_floor'}],
          'a bandwidth limit below 0' => [{ role: 'collector', bandwidth_limit: -1 }, %r{parameter 'bandwidth_limit'}],
          'a bandwidth limit over 10 GiB/s' => [{ role: 'collector', bandwidth_limit: 10_485_761 }, %r{parameter 'bandwidth_limit'}],
          'a retry_until that is no time of day' => [{ role: 'collector', retry_until: '25:00' }, %r{parameter 'retry_until'}],
          'a retry_every without retry_until' => [{ role: 'collector', retry_every: '10m' }, %r{parameter 'retry_every' needs 'retry_until'}],
          'a retry_every that is no time span' => [{ role: 'collector', retry_until: '08:00', retry_every: '10 min' }, %r{parameter 'retry_every'}],
          'a quota that is no size' => [{ role: 'collector', quota: '1 TB' }, %r{parameter 'quota'}],
          'a source of two kinds' => [{ sources: [{ 'path' => '/etc', 'dump' => 'x', 'command' => ['y'] }] }, %r{parameter 'sources'}],
          'an ssh-command without known-hosts' => [{ sources: [{ 'ssh-command' => { 'name' => 's', 'host' => 'h', 'user' => 'u', 'command' => 'c', 'identity' => '/k' } }] }, %r{parameter 'sources'}],
          'a mariabackup full-every of 0' => [{ sources: [{ 'mariabackup' => { 'name' => 'g', 'full-every' => 0 } }] }, %r{parameter 'sources'}],
          'mysql_backup mariabackup with a mysql source listing databases' => [{ mysql_backup: 'mariabackup', sources: [{ 'mysql' => { 'name' => 'a', 'databases' => ['x'] } }] }, %r{mysql source 'a' lists databases, which mariabackup cannot choose}],
          'a snapshot of an unknown kind' => [{ sources: [{ 'path' => '/var/lib/mysql', 'snapshot' => 'zfs' }] }, %r{parameter 'sources'}],
          'an lvm-snapshot-size of 0 %' => [{ sources: [{ 'path' => '/srv', 'snapshot' => 'lvm', 'lvm-snapshot-size' => '0%' }] }, %r{parameter 'sources'}],
          'an lvm-snapshot-size over 100 %' => [{ sources: [{ 'path' => '/srv', 'snapshot' => 'lvm', 'lvm-snapshot-size' => '101%' }] }, %r{parameter 'sources'}],
          'an lvm-snapshot-size of 0 bytes' => [{ sources: [{ 'path' => '/srv', 'snapshot' => 'lvm', 'lvm-snapshot-size' => '0' }] }, %r{parameter 'sources'}],
          'an lvm-snapshot-size in lvcreate\'s own syntax' => [{ sources: [{ 'path' => '/srv', 'snapshot' => 'lvm', 'lvm-snapshot-size' => '10%ORIGIN' }] }, %r{parameter 'sources'}],
          'an lvm-snapshot-size without snapshot' => [{ sources: [{ 'path' => '/srv', 'lvm-snapshot-size' => '4G' }] }, %r{path source '/srv' has 'lvm-snapshot-size' without snapshot => 'lvm'}],
          'a snapshot on a dump source' => [{ sources: [{ 'dump' => 'x', 'command' => ['y'], 'snapshot' => 'lvm' }] }, %r{parameter 'sources'}],
          'keep_daily 0' => [{ keep_daily: 0 }, %r{parameter 'keep_daily' expects a value of type Undef or Integer\[1\]}],
          'keep_weekly that is no number' => [{ keep_weekly: 'four' }, %r{parameter 'keep_weekly'}],
          'keep_monthly below 0' => [{ keep_monthly: -1 }, %r{parameter 'keep_monthly'}],
          'keep_yearly 0' => [{ keep_yearly: 0 }, %r{parameter 'keep_yearly'}],
          'keep_days with GFS counts' => [{ keep_days: 8, keep_weekly: 4, keep_yearly: 1 }, %r{parameter 'keep_days' cannot be combined with keep_weekly, keep_yearly}],
          'accept_store_without_hard_links that is no boolean' => [{ accept_store_without_hard_links: 'yes' }, %r{parameter 'accept_store_without_hard_links'}],
          'a role without sources' => [{ role: 'compute', roles: { 'compute' => { 'sources' => [], 'keep_days' => 2, 'hour' => 1, 'minute' => 0 } } }, %r{role 'compute' has no sources: set parameter 'sources'}],
        }.each do |what, (bad, message)|
          context "with #{what}" do
            let(:params) { bad }

            it { is_expected.to compile.and_raise_error(message) }
          end
        end
      end
    end
  end
end

describe 'backups::install' do
  let(:node) { 'node1.example.test' }

  it 'is private' do
    is_expected.to compile.and_raise_error(%r{Use of private class backups::install})
  end
end
