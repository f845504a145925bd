# frozen_string_literal: true

require 'spec_helper'

describe 'backups::node_entry' do
  let(:node) { 'collector1.example.test' }
  let(:pre_condition) { "class { 'backups': role => 'collector' }" }

  on_supported_os.each do |os, os_facts|
    context "on #{os}" do
      let(:facts) { os_facts }

      context 'with a node on port 22' do
        let(:title) { 'compute-1.example.test' }
        let(:params) { { host: '10.0.0.11', host_keys: ["ssh-ed25519 #{TEST_KEY}", "ssh-rsa #{TEST_KEY}"] } }

        it { is_expected.to compile.with_all_deps }
        it 'writes the inventory file' do
          is_expected.to contain_file('/etc/kaizen/nodes.d/compute-1.example.test.yaml')
            .with(ensure: 'file', mode: '0644', owner: 'root')
            .with_content(%r{^name: "compute-1.example.test"\nhost: "10.0.0.11"\nport: 22\nuser: "kaizen-backup"\nstore: "/backups"\n\z})
        end
        it { is_expected.to contain_backups__address_claim('10.0.0.11:22').with_claimant('compute-1.example.test') }
        it 'pins each host key under the node name (kaizen-node:NAME), not under the address' do
          %w[ssh-ed25519 ssh-rsa].each do |type|
            is_expected.to contain_sshkey("kaizen-node:compute-1.example.test@#{type}")
              .with(ensure: 'present', key: TEST_KEY, target: '/etc/kaizen/known_hosts').without_host_aliases
            is_expected.not_to contain_sshkey("10.0.0.11@#{type}")
          end
        end
      end

      context 'with a node reached by its name' do
        let(:title) { 'db-1' }
        let(:params) { { host: 'db-1', host_keys: ["ssh-ed25519 #{TEST_KEY}"] } }

        it { is_expected.to contain_sshkey('kaizen-node:db-1@ssh-ed25519').without_host_aliases }
        it { is_expected.to contain_backups__address_claim('db-1:22').with_claimant('db-1') }
      end

      context 'with a second node forging the address of the first' do
        let(:title) { 'forger.example.test' }
        let(:pre_condition) do
          "class { 'backups': role => 'collector' }\n" \
            "backups::node_entry { 'compute-1.example.test': host => '10.0.0.11', host_keys => ['ssh-ed25519 #{TEST_KEY}'] }"
        end
        let(:params) { { host: '10.0.0.11', host_keys: ["ssh-rsa #{TEST_KEY}"] } }

        it 'fails the catalog naming both nodes' do
          is_expected.to compile.and_raise_error(
            %r{nodes 'compute-1.example.test' and 'forger.example.test' both claim address 10.0.0.11:22},
          )
        end
      end

      context 'with two nodes on one address but different ports' do
        let(:title) { 'n2' }
        let(:pre_condition) { "class { 'backups': role => 'collector' }\nbackups::node_entry { 'n1': host => '10.0.0.11', port => 2201 }" }
        let(:params) { { host: '10.0.0.11', port: 2202 } }

        it { is_expected.to compile.with_all_deps }
        it 'records each node\'s claim to its address' do
          is_expected.to contain_backups__address_claim('10.0.0.11:2201').with_claimant('n1')
          is_expected.to contain_backups__address_claim('10.0.0.11:2202').with_claimant('n2')
          is_expected.to contain_file('/etc/kaizen/nodes.d/n1.yaml')
          is_expected.to contain_file('/etc/kaizen/nodes.d/n2.yaml')
        end
      end

      context 'with a title that cannot be a directory name' do
        let(:title) { '../../etc/cron.d/x' }
        let(:params) { { host: '10.0.0.11' } }

        it { is_expected.to compile.and_raise_error(%r{cannot name a node in the inventory}) }
      end

      context 'with a host that is no host name' do
        let(:title) { 'n1' }
        let(:params) { { host: '10.0.0.1; rm -rf /' } }

        it { is_expected.to compile.and_raise_error(%r{parameter 'host'}) }
      end
    end
  end
end
