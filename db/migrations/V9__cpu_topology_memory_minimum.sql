-- How a VM's vCPUs sit in sockets: cores per socket and threads per core (sockets = vcpus / both); a VM made
-- before has all its vCPUs as cores of one socket. And the least memory its balloon may leave it, whether a
-- user lowers it while it runs or the host takes memory back: a VM made before keeps the floor host reclaim
-- used, a quarter of its memory and at least 64 MiB.
alter table vms add column cores_per_socket integer default 1 not null;
alter table vms add column threads_per_core integer default 1 not null;
alter table vms add column memory_min_mib bigint default 64 not null;
update vms set cores_per_socket = vcpus, memory_min_mib = greatest(64, memory_mib / 4);
