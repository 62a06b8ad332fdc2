-- A VM's share of the host CPU: its shares weigh it against the other VMs when the host's cores are all
-- busy (1000 is the default weight), and its cap limits it in percent of one host core per vCPU (0: none).
alter table vms add column cpu_shares integer default 1000 not null;
alter table vms add column cpu_cap_percent integer default 0 not null;
