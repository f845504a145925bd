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
        it 'lets the collector run the agent and nothing else, from where the node says, in root\'s authorized_keys' do
          is_expected.to contain_concat__fragment('kaizen-collector@collector1.example.test').with(
            target: '/var/lib/kaizen-backup/.ssh/authorized_keys', order: '20',
            content: 'restrict,from="192.0.2.7",command="sudo -n /usr/local/bin/kaizen serve --store /backups" ' \
                     "ssh-ed25519 #{TEST_KEY} kaizen-collector@collector1.example.test\n",
          )
          is_expected.to contain_concat('/var/lib/kaizen-backup/.ssh/authorized_keys').with(owner: 'root', mode: '0644')
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
