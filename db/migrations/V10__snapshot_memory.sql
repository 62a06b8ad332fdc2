-- A snapshot taken with the running VM's memory names the folder (in the VM's folder) holding its saved machine
-- state and memory; reverting to it brings the VM back running at that instant. Null: the snapshot holds disks only.
alter table snapshots add column state_folder varchar(64);
