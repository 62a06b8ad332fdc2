package io.vireo.engine.cpu;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Known encodings (as a disassembler shows them) and what the decoder makes of them; no guest needed. */
class DecoderTest {
    private static final int ZERO = 0, RA = 1, SP = 2, T0 = 5, A0 = 10, A1 = 11, A2 = 12, FA0 = 10, FA1 = 11, FA2 = 12;

    /** The fields of a decoded instruction. */
    private record Fields(int op, int rd, int rs1, int rs2, int imm, int length) {
        static Fields of(long decoded) {
            return new Fields(Decoded.op(decoded), Decoded.rd(decoded), Decoded.rs1(decoded), Decoded.rs2(decoded),
                    Decoded.imm(decoded), Decoded.length(decoded));
        }
    }

    private static Fields decode(int word) {
        return Fields.of(Decoder.decode(word));
    }

    @Test
    void registerFormsNameTheirThreeRegisters() {
        assertThat(decode(0x00C58533)).as("add a0, a1, a2").isEqualTo(new Fields(Op.ADD, A0, A1, A2, 0, 4));
        assertThat(decode(0x40C58533)).as("sub a0, a1, a2").isEqualTo(new Fields(Op.SUB, A0, A1, A2, 0, 4));
        assertThat(decode(0x02C5C533)).as("div a0, a1, a2").isEqualTo(new Fields(Op.DIV, A0, A1, A2, 0, 4));
        assertThat(decode(0x40C5D53B)).as("sraw a0, a1, a2").isEqualTo(new Fields(Op.SRAW, A0, A1, A2, 0, 4));
    }

    @Test
    void immediateFormsSignExtendTheirTwelveBits() {
        assertThat(decode(0xFFF58513)).as("addi a0, a1, -1").isEqualTo(new Fields(Op.ADDI, A0, A1, 0, -1, 4));
        assertThat(decode(0x00813503)).as("ld a0, 8(sp)").isEqualTo(new Fields(Op.LD, A0, SP, 0, 8, 4));
        assertThat(decode(0x80014503)).as("lbu a0, -2048(sp)").isEqualTo(new Fields(Op.LBU, A0, SP, 0, -2048, 4));
        assertThat(decode(0x000780E7)).as("jalr ra, 0(a5)").isEqualTo(new Fields(Op.JALR, RA, 15, 0, 0, 4));
        assertThat(decode(0x03F51513)).as("slli a0, a0, 63").isEqualTo(new Fields(Op.SLLI, A0, A0, 0, 63, 4));
        assertThat(decode(0x40355513)).as("srai a0, a0, 3").isEqualTo(new Fields(Op.SRAI, A0, A0, 0, 3, 4));
        assertThat(decode(0x10002573)).as("csrr a0, sstatus: the CSR number in imm")
                .isEqualTo(new Fields(Op.CSRRS, A0, ZERO, 0, 0x100, 4));
    }

    @Test
    void storeFormsJoinTheirSplitImmediate() {
        assertThat(decode(0x00113423)).as("sd ra, 8(sp)").isEqualTo(new Fields(Op.SD, 0, SP, RA, 8, 4));
        assertThat(decode(0xFEA13C23)).as("sd a0, -8(sp)").isEqualTo(new Fields(Op.SD, 0, SP, A0, -8, 4));
    }

    @Test
    void branchFormsGiveTheSignedOffsetFromTheBranch() {
        assertThat(decode(0xFEB50EE3)).as("beq a0, a1, .-4").isEqualTo(new Fields(Op.BEQ, 0, A0, A1, -4, 4));
        assertThat(decode(0x00051463)).as("bnez a0, .+8").isEqualTo(new Fields(Op.BNE, 0, A0, ZERO, 8, 4));
    }

    @Test
    void upperImmediateFormsKeepTheLowTwelveBitsZero() {
        assertThat(decode(0x12345537)).as("lui a0, 0x12345").isEqualTo(new Fields(Op.LUI, A0, 0, 0, 0x12345000, 4));
        assertThat(decode(0x80000537)).as("lui a0, 0x80000 is negative")
                .isEqualTo(new Fields(Op.LUI, A0, 0, 0, 0x80000000, 4));
        assertThat(decode(0x00000297)).as("auipc t0, 0").isEqualTo(new Fields(Op.AUIPC, T0, 0, 0, 0, 4));
    }

    @Test
    void jumpFormsGiveTheSignedOffsetFromTheJump() {
        assertThat(decode(0x010000EF)).as("jal ra, .+16").isEqualTo(new Fields(Op.JAL, RA, 0, 0, 16, 4));
        assertThat(decode(0xFF5FF06F)).as("j .-12").isEqualTo(new Fields(Op.JAL, ZERO, 0, 0, -12, 4));
    }

    @Test
    void compressedFormsExpandToTheirFullInstructionTwoBytesLong() {
        assertThat(decode(0x0505)).as("c.addi a0, 1").isEqualTo(new Fields(Op.ADDI, A0, A0, 0, 1, 2));
        assertThat(decode(0x557D)).as("c.li a0, -1").isEqualTo(new Fields(Op.ADDI, A0, ZERO, 0, -1, 2));
        assertThat(decode(0x852E)).as("c.mv a0, a1").isEqualTo(new Fields(Op.ADD, A0, ZERO, A1, 0, 2));
        assertThat(decode(0x8082)).as("c.jr ra (ret)").isEqualTo(new Fields(Op.JALR, ZERO, RA, 0, 0, 2));
        assertThat(decode(0x60A2)).as("c.ldsp ra, 8(sp)").isEqualTo(new Fields(Op.LD, RA, SP, 0, 8, 2));
        assertThat(decode(0xE406)).as("c.sdsp ra, 8(sp)").isEqualTo(new Fields(Op.SD, 0, SP, RA, 8, 2));
        assertThat(decode(0x41C8)).as("c.lw a0, 4(a1)").isEqualTo(new Fields(Op.LW, A0, A1, 0, 4, 2));
        assertThat(decode(0x9002)).as("c.ebreak").isEqualTo(new Fields(Op.EBREAK, 0, 0, 0, 0, 2));
        assertThat(decode(0xFFFF0505)).as("only the low parcel of a compressed instruction counts")
                .isEqualTo(new Fields(Op.ADDI, A0, A0, 0, 1, 2));
    }

    @Test
    void atomicAndFloatingPointFormsKeepWhatTheirUnitsNeed() {
        long amoadd = Decoder.decode(0x00C5A52F);
        assertThat(Fields.of(amoadd)).as("amoadd.w a0, a2, (a1)").isEqualTo(new Fields(Op.AMO_W, A0, A1, A2, 0, 4));
        assertThat(Decoded.aux(amoadd)).as("the AMO function").isEqualTo(Atomics.ADD);
        assertThat(decode(0x1005B52F)).as("lr.d a0, (a1)").isEqualTo(new Fields(Op.LR_D, A0, A1, 0, 0, 4));
        assertThat(decode(0x02C5F553)).as("fadd.d fa0, fa1, fa2: the raw word for the Fpu")
                .isEqualTo(new Fields(Op.FP, FA0, FA1, FA2, 0x02C5F553, 4));
    }

    @Test
    void illegalEncodingsTakeTheIllegalInstructionPathWithTheirBits() {
        // The interpreter raises an illegal-instruction trap for Op.ILLEGAL with imm as stval.
        int[] words = {
            0xFFFFFFFF,   // opcode 0x7F: no such major opcode
            0x80C58533,   // add with funct7 0x40
            0x1005B52F | (1 << 20),  // lr.d with rs2 != 0
            0x0000703B,   // OP-32 with funct3 7 and funct7 0: no such operation
            0x00002067,   // jalr with funct3 2
        };
        for (int word : words) {
            assertThat(decode(word)).as("0x%08x", word).isEqualTo(new Fields(Op.ILLEGAL, 0, 0, 0, word, 4));
        }
        int[] parcels = {
            0x0000,       // all zeros: defined to be illegal
            0x6501,       // c.lui a0, 0: reserved
            0x8002,       // c.jr zero: reserved
            0x2001,       // c.addiw with rd = 0: reserved
        };
        for (int parcel : parcels) {
            assertThat(decode(parcel)).as("0x%04x", parcel).isEqualTo(new Fields(Op.ILLEGAL, 0, 0, 0, parcel, 2));
        }
    }
}
