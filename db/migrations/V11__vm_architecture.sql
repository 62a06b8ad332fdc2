-- The instruction set a VM's guest was built for. Every VM made so far is riscv64, the embedded engine's; an
-- imported OVF package from VMware or VirtualBox brings an x86-64 (or ARM) guest, kept as it is and marked, so the
-- engine refuses to power it on with that reason instead of booting a kernel into the wrong machine.
alter table vms add column architecture varchar(16) default 'RISCV64' not null;
