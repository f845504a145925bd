# frozen_string_literal: true

require 'spec_helper'

describe 'backups::collector_key' do
  let(:node) { 'node1.example.test' }
  let(:title) { 'collector1.example.test' }

  on_supported_os.each do |os, os_facts|
    context "on #{os}" do
      let(:facts) { os_facts }

      context 'collected on a node' do
        let(:pre_condition) { "class { 'backups': role => 'compute', from => ['192.0.2.7'] }" }
        let(:params) { { type: 'ssh-ed25519', key: TEST_KEY } }

        it { is_expected.to compile.with_all_deps }
        it 'lets the collector run the agent and nothing else, from where the node says' do
          is_expected.to contain_ssh_authorized_key('kaizen-collector@collector1.example.test').with(
            ensure: 'present', user: 'kaizen-backup', type: 'ssh-ed25519', key: TEST_KEY,
            options: ['restrict', 'from="192.0.2.7"', 'command="sudo -n /usr/local/bin/kaizen serve --store /backups"'],
          ).that_requires('User[kaizen-backup]')
        end
      end

      context 'with a key that is not base64' do
        let(:pre_condition) { "class { 'backups': role => 'compute' }" }
        let(:params) { { type: 'ssh-ed25519', key: 'AAAA command="sh"' } }

        it { is_expected.to compile.and_raise_error(%r{parameter 'key'}) }
      end
    end
  end
end
