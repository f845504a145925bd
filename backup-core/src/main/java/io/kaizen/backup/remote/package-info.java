/**
 * Remote access over SSH (JSch): one command on a device or node, with the host key pinned in a known_hosts
 * file and checked strictly (a changed or unknown key is refused, never learned), public-key authentication
 * only, and every step bounded in time.
 */
package io.kaizen.backup.remote;
