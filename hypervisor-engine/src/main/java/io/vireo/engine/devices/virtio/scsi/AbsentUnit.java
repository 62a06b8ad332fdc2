package io.vireo.engine.devices.virtio.scsi;

/**
 * What a LUN other than 0 on a present target answers (SPC-4 §3.1.73): INQUIRY with peripheral qualifier 3
 * (no unit can be here), REPORT LUNS as LUN 0 would, and LOGICAL UNIT NOT SUPPORTED to everything else.
 */
final class AbsentUnit {
    private AbsentUnit() {
    }

    static Completion execute(Inquiry target, Cdb cdb, DataBuffers data) {
        return switch (cdb.opcode()) {
            case LogicalUnit.INQUIRY -> (cdb.u8(1) & 1) == 0 && cdb.u8(2) == 0
                    ? data.send(target.standard(Inquiry.NO_UNIT), cdb.u16(3)) : Completion.check(Sense.LUN_NOT_SUPPORTED);
            case LogicalUnit.REPORT_LUNS -> LogicalUnit.reportLuns(cdb, data);
            case LogicalUnit.REQUEST_SENSE -> data.send(Sense.LUN_NOT_SUPPORTED.fixedFormat(), cdb.u8(4));
            default -> Completion.check(Sense.LUN_NOT_SUPPORTED);
        };
    }
}
