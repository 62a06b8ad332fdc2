package io.vireo.engine.testing;

import java.io.ByteArrayOutputStream;

/** A tiny RV64 assembler for tests: encodes instruction words so test programs read like assembly. */
public final class Asm {
    public static final int ZERO = 0, RA = 1, SP = 2, T0 = 5, T1 = 6, T2 = 7, S0 = 8, S1 = 9,
            A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15, A6 = 16, A7 = 17, S2 = 18, S3 = 19,
            T3 = 28, T4 = 29, T5 = 30, T6 = 31;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public int pc() {
        return out.size();
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    public Asm word(int w) {
        out.write(w);
        out.write(w >>> 8);
        out.write(w >>> 16);
        out.write(w >>> 24);
        return this;
    }

    public Asm half(int h) {
        out.write(h);
        out.write(h >>> 8);
        return this;
    }

    public static int r(int f7, int rs2, int rs1, int f3, int rd, int opcode) {
        return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opcode;
    }

    public static int i(int imm, int rs1, int f3, int rd, int opcode) {
        return (imm << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opcode;
    }

    public static int s(int imm, int rs2, int rs1, int f3, int opcode) {
        return ((imm >> 5) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 31) << 7) | opcode;
    }

    public static int b(int imm, int rs2, int rs1, int f3) {
        return (((imm >> 12) & 1) << 31) | (((imm >> 5) & 0x3F) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12)
                | (((imm >> 1) & 0xF) << 8) | (((imm >> 11) & 1) << 7) | 0x63;
    }

    public static int u(int imm, int rd, int opcode) {
        return (imm & 0xFFFFF000) | (rd << 7) | opcode;
    }

    public static int j(int imm, int rd) {
        return (((imm >> 20) & 1) << 31) | (((imm >> 1) & 0x3FF) << 21) | (((imm >> 11) & 1) << 20)
                | (((imm >> 12) & 0xFF) << 12) | (rd << 7) | 0x6F;
    }

    // ---- mnemonics ----
    public Asm addi(int rd, int rs1, int imm) { return word(i(imm, rs1, 0, rd, 0x13)); }
    public Asm slli(int rd, int rs1, int sh) { return word(i(sh, rs1, 1, rd, 0x13)); }
    public Asm srli(int rd, int rs1, int sh) { return word(i(sh, rs1, 5, rd, 0x13)); }
    public Asm andi(int rd, int rs1, int imm) { return word(i(imm, rs1, 7, rd, 0x13)); }
    public Asm add(int rd, int rs1, int rs2) { return word(r(0, rs2, rs1, 0, rd, 0x33)); }
    public Asm xor(int rd, int rs1, int rs2) { return word(r(0, rs2, rs1, 4, rd, 0x33)); }
    public Asm and(int rd, int rs1, int rs2) { return word(r(0, rs2, rs1, 7, rd, 0x33)); }
    public Asm sub(int rd, int rs1, int rs2) { return word(r(0x20, rs2, rs1, 0, rd, 0x33)); }
    public Asm lui(int rd, int imm) { return word(u(imm, rd, 0x37)); }
    public Asm auipc(int rd, int imm) { return word(u(imm, rd, 0x17)); }
    public Asm jal(int rd, int offset) { return word(j(offset, rd)); }
    public Asm jalr(int rd, int rs1, int imm) { return word(i(imm, rs1, 0, rd, 0x67)); }
    public Asm beq(int rs1, int rs2, int offset) { return word(b(offset, rs2, rs1, 0)); }
    public Asm bne(int rs1, int rs2, int offset) { return word(b(offset, rs2, rs1, 1)); }
    public Asm ld(int rd, int rs1, int imm) { return word(i(imm, rs1, 3, rd, 0x03)); }
    public Asm lw(int rd, int rs1, int imm) { return word(i(imm, rs1, 2, rd, 0x03)); }
    public Asm lbu(int rd, int rs1, int imm) { return word(i(imm, rs1, 4, rd, 0x03)); }
    public Asm lb(int rd, int rs1, int imm) { return word(i(imm, rs1, 0, rd, 0x03)); }
    public Asm lh(int rd, int rs1, int imm) { return word(i(imm, rs1, 1, rd, 0x03)); }
    public Asm sh(int rs2, int rs1, int imm) { return word(s(imm, rs2, rs1, 1, 0x23)); }
    public Asm sd(int rs2, int rs1, int imm) { return word(s(imm, rs2, rs1, 3, 0x23)); }
    public Asm sw(int rs2, int rs1, int imm) { return word(s(imm, rs2, rs1, 2, 0x23)); }
    public Asm sb(int rs2, int rs1, int imm) { return word(s(imm, rs2, rs1, 0, 0x23)); }
    public Asm csrrw(int rd, int csr, int rs1) { return word(i(csr, rs1, 1, rd, 0x73)); }
    public Asm csrrs(int rd, int csr, int rs1) { return word(i(csr, rs1, 2, rd, 0x73)); }
    public Asm csrrc(int rd, int csr, int rs1) { return word(i(csr, rs1, 3, rd, 0x73)); }
    public Asm csrrsi(int rd, int csr, int uimm) { return word(i(csr, uimm, 6, rd, 0x73)); }
    public Asm csrrci(int rd, int csr, int uimm) { return word(i(csr, uimm, 7, rd, 0x73)); }
    public Asm ecall() { return word(0x00000073); }
    public Asm ebreak() { return word(0x00100073); }
    public Asm sret() { return word(0x10200073); }
    public Asm wfi() { return word(0x10500073); }
    public Asm sfenceVma() { return word(0x12000073); }
    public Asm fenceI() { return word(0x0000100F); }
    public Asm nop() { return addi(0, 0, 0); }

    /** Advances the xorshift64 generator in {@code state} ({@code scratch} is clobbered): a guest's dice. */
    public Asm xorshift(int state, int scratch) {
        return slli(scratch, state, 13).xor(state, state, scratch).srli(scratch, state, 7).xor(state, state, scratch)
                .slli(scratch, state, 17).xor(state, state, scratch);
    }

    /** Loads any 64-bit constant into {@code rd}: 9 bits, then five 11-bit pieces, shifted in. */
    public Asm li(int rd, long value) {
        addi(rd, ZERO, (int) (value >>> 55) & 0x1FF);
        for (int shift = 44; shift >= 0; shift -= 11) {
            slli(rd, rd, 11);
            addi(rd, rd, (int) (value >>> shift) & 0x7FF);
        }
        return this;
    }
}
