# frozen_string_literal: true

# Fact backups_systemd: whether systemd is the running init (the test sd_booted() makes), so class backups
# schedules its daily job with a systemd timer rather than cron when its scheduler is 'auto'.
Facter.add(:backups_systemd) do
  confine kernel: 'Linux'
  setcode do
    File.directory?('/run/systemd/system')
  end
end
