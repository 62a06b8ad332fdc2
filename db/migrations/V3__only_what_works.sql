-- Every disk was attached as virtio-blk whatever bus its record named: the engine has no SCSI or SATA
-- controller. The records now say what the guest sees.
update vm_disks set bus = 'VIRTIO' where bus <> 'VIRTIO';

-- A datastore's capacity was a number an administrator typed and nothing read: its room is the free space
-- of the file system under its directory, which the console reads when it shows the datastore.
alter table datastores drop column capacity_gib;
