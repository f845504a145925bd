# @summary An OpenSSH public key line without options: `TYPE BASE64 [COMMENT]`, e.g. `ssh-ed25519 AAAA... collector`.
type Backups::Ssh_public_key = Pattern[/\A(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+\/]+={0,3}( [^\x00-\x1f\x7f]*)?\z/]
