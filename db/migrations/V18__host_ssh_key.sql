-- The SSH host key the console trusts for a qemu+ssh host ("<type> <base64>", as a known_hosts line holds it),
-- fetched when an administrator added the host or trusted its key again; null for other hosts, or while none could
-- be fetched (then the console makes no SSH connection to the host).
alter table hosts add column ssh_host_key text;
