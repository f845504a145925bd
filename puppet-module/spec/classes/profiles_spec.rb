# frozen_string_literal: true

require 'spec_helper'

# The example profiles (examples/puppet/site/profile), as a control repository would use them.
{
  'profile::controller_common' => 'controller',
  'profile::compute_common' => 'compute',
  'profile::backup_collector' => 'collector',
}.each do |profile, role|
  describe profile do
    let(:node) { "#{role}1.example.org" }

    on_supported_os.each do |os, os_facts|
      context "on #{os}" do
        let(:facts) { os_facts }

        it { is_expected.to compile.with_all_deps }
        it { is_expected.to contain_class('backups').with_role(role) }
        if role == 'collector'
          it { is_expected.to contain_class('backups').with_nodes_query(true) }
          it { is_expected.to contain_file('/etc/cron.d/kaizen-collect') }
        else
          it { is_expected.to contain_file('/etc/cron.d/kaizen-snapshot') }
          it { is_expected.to contain_user('kaizen-backup') }
        end
      end
    end
  end
end
