# frozen_string_literal: true

require 'spec_helper'
require 'yaml'

describe 'backups::yaml_string' do
  ['plain', '', '/etc/x y', 'a "quoted" word', 'back\\slash', '\\"', 'ünïcödé', "it's", '#not a comment', '- x', 'yes', '1.0'].each do |value|
    it "quotes #{value.inspect} so that YAML reads it back" do
      quoted = subject.execute(value)
      expect(quoted).to start_with('"')
      expect(YAML.safe_load("k: #{quoted}")).to eq('k' => value)
    end
  end
end

describe 'backups::yaml_list' do
  it { is_expected.to run.with_params([]).and_return('[]') }
  it { is_expected.to run.with_params(['a', 'b"c']).and_return('["a", "b\"c"]') }
end
