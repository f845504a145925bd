# frozen_string_literal: true

# rspec-puppet with Debian's gems. Choose rspec-mocks before puppetlabs_spec_helper loads (it would pick mocha).
RSpec.configure { |c| c.mock_with :rspec }
require 'puppetlabs_spec_helper/module_spec_helper'

# FacterDB 1.12 (Debian 12's) has no Debian 12 facts: spec/facterdb holds a set taken from a Debian 12 root.
# SPEC_FACTS_STRICT makes a missing set an error instead of a silently skipped operating system.
ENV['FACTERDB_SEARCH_PATHS'] ||= File.expand_path('facterdb', __dir__)
ENV['SPEC_FACTS_STRICT'] ||= 'yes'
require 'rspec-puppet-facts'
include RspecPuppetFacts

RSpec.configure do |c|
  c.default_facter_version = Facter.version
  c.default_facts = { 'backups_systemd' => false }
  c.strict_variables = true
  c.after(:suite) { RSpec::Puppet::Coverage.report!(100) }
end

# A throwaway ed25519 public key (its private half was deleted).
TEST_KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAIB2nYtTP0fNtd9C8uV0UwN9v3a0hr2VZP3kCt2kLA5kn'
