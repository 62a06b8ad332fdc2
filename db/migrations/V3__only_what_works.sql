-- Every disk was attached as virtio-blk whatever bus its record named: the engine has no SCSI or SATA
-- controller. The records now say what the guest sees.
update vm_disks set bus = 'VIRTIO' where bus <> 'VIRTIO';
