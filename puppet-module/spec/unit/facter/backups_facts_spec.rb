# frozen_string_literal: true

require 'spec_helper'

describe 'the facts of module backups' do
  before(:each) do
    Facter.clear
    allow(Facter.fact(:kernel)).to receive(:value).and_return('Linux')
  end
  after(:each) { Facter.clear }

  describe 'backups_systemd' do
    it 'is true where /run/systemd/system is a directory' do
      allow(File).to receive(:directory?).and_call_original
      allow(File).to receive(:directory?).with('/run/systemd/system').and_return(true)
      expect(Facter.fact(:backups_systemd).value).to be(true)
    end

    it 'is false elsewhere' do
      allow(File).to receive(:directory?).and_call_original
      allow(File).to receive(:directory?).with('/run/systemd/system').and_return(false)
      expect(Facter.fact(:backups_systemd).value).to be(false)
    end
  end

  describe 'backups_collector_pubkey' do
    it 'is the collector\'s public key line' do
      allow(File).to receive(:file?).and_call_original
      allow(File).to receive(:file?).with('/etc/kaizen/id_ed25519.pub').and_return(true)
      allow(File).to receive(:read).and_call_original
      allow(File).to receive(:read).with('/etc/kaizen/id_ed25519.pub').and_return("ssh-ed25519 #{TEST_KEY} c\n")
      expect(Facter.fact(:backups_collector_pubkey).value).to eq("ssh-ed25519 #{TEST_KEY} c")
    end

    it 'is absent without a key' do
      allow(File).to receive(:file?).and_call_original
      allow(File).to receive(:file?).with('/etc/kaizen/id_ed25519.pub').and_return(false)
      expect(Facter.fact(:backups_collector_pubkey).value).to be_nil
    end
  end
end
