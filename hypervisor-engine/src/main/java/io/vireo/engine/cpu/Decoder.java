package io.vireo.engine.cpu;

import static io.vireo.engine.cpu.Decoded.pack;

/** Decodes RV64GC instruction words (32-bit and compressed) into {@link Decoded} longs. */
public final class Decoder {
    private Decoder() {
    }

    /** Decodes the instruction whose low parcel is {@code parcel}; {@code word} holds all 32 bits when not compressed. */
    public static long decode(int word) {
        return (word & 3) == 3 ? decode32(word) : decode16(word & 0xFFFF);
    }

    static long illegal(int raw, boolean compressed) {
        return pack(Op.ILLEGAL, 0, 0, 0, raw, compressed);
    }

    static long decode32(int i) {
        int opcode = i & 0x7F;
        int rd = (i >>> 7) & 31, f3 = (i >>> 12) & 7, rs1 = (i >>> 15) & 31, rs2 = (i >>> 20) & 31, f7 = i >>> 25;
        int immI = i >> 20;
        int immS = ((i >> 25) << 5) | ((i >>> 7) & 31);
        int immB = ((i >> 31) << 12) | (((i >>> 7) & 1) << 11) | (((i >>> 25) & 0x3F) << 5) | (((i >>> 8) & 0xF) << 1);
        int immU = i & 0xFFFFF000;
        int immJ = ((i >> 31) << 20) | (((i >>> 12) & 0xFF) << 12) | (((i >>> 20) & 1) << 11) | (((i >>> 21) & 0x3FF) << 1);
        switch (opcode) {
            case 0x37: return pack(Op.LUI, rd, 0, 0, immU, false);
            case 0x17: return pack(Op.AUIPC, rd, 0, 0, immU, false);
            case 0x6F: return pack(Op.JAL, rd, 0, 0, immJ, false);
            case 0x67: return f3 == 0 ? pack(Op.JALR, rd, rs1, 0, immI, false) : illegal(i, false);
            case 0x63: {
                int op = switch (f3) {
                    case 0 -> Op.BEQ; case 1 -> Op.BNE; case 4 -> Op.BLT; case 5 -> Op.BGE; case 6 -> Op.BLTU; case 7 -> Op.BGEU;
                    default -> Op.ILLEGAL;
                };
                return op == Op.ILLEGAL ? illegal(i, false) : pack(op, 0, rs1, rs2, immB, false);
            }
            case 0x03: {
                int op = switch (f3) {
                    case 0 -> Op.LB; case 1 -> Op.LH; case 2 -> Op.LW; case 3 -> Op.LD; case 4 -> Op.LBU; case 5 -> Op.LHU; case 6 -> Op.LWU;
                    default -> Op.ILLEGAL;
                };
                return op == Op.ILLEGAL ? illegal(i, false) : pack(op, rd, rs1, 0, immI, false);
            }
            case 0x23: {
                int op = switch (f3) {
                    case 0 -> Op.SB; case 1 -> Op.SH; case 2 -> Op.SW; case 3 -> Op.SD;
                    default -> Op.ILLEGAL;
                };
                return op == Op.ILLEGAL ? illegal(i, false) : pack(op, 0, rs1, rs2, immS, false);
            }
            case 0x13: return decodeOpImm(i, rd, f3, rs1, immI);
            case 0x1B: return decodeOpImm32(i, rd, f3, rs1, immI);
            case 0x33: return decodeOp(i, rd, f3, rs1, rs2, f7);
            case 0x3B: return decodeOp32(i, rd, f3, rs1, rs2, f7);
            case 0x0F:
                if (f3 == 0) {
                    return pack(Op.FENCE, 0, 0, 0, 0, false);
                }
                return f3 == 1 ? pack(Op.FENCE_I, 0, 0, 0, 0, false) : illegal(i, false);
            case 0x73: return decodeSystem(i, rd, f3, rs1, rs2, f7);
            case 0x2F: return decodeAtomic(i, rd, f3, rs1, rs2);
            case 0x07:
                if (f3 == 2) {
                    return pack(Op.FLW, rd, rs1, 0, immI, false);
                }
                return f3 == 3 ? pack(Op.FLD, rd, rs1, 0, immI, false) : illegal(i, false);
            case 0x27:
                if (f3 == 2) {
                    return pack(Op.FSW, 0, rs1, rs2, immS, false);
                }
                return f3 == 3 ? pack(Op.FSD, 0, rs1, rs2, immS, false) : illegal(i, false);
            case 0x53, 0x43, 0x47, 0x4B, 0x4F: return pack(Op.FP, rd, rs1, rs2, i, false);
            default: return illegal(i, false);
        }
    }

    private static long decodeOpImm(int i, int rd, int f3, int rs1, int imm) {
        int shamt = imm & 0x3F, hi = (imm >>> 6) & 0x3F;
        return switch (f3) {
            case 0 -> pack(Op.ADDI, rd, rs1, 0, imm, false);
            case 2 -> pack(Op.SLTI, rd, rs1, 0, imm, false);
            case 3 -> pack(Op.SLTIU, rd, rs1, 0, imm, false);
            case 4 -> pack(Op.XORI, rd, rs1, 0, imm, false);
            case 6 -> pack(Op.ORI, rd, rs1, 0, imm, false);
            case 7 -> pack(Op.ANDI, rd, rs1, 0, imm, false);
            case 1 -> hi == 0 ? pack(Op.SLLI, rd, rs1, 0, shamt, false) : illegal(i, false);
            case 5 -> hi == 0 ? pack(Op.SRLI, rd, rs1, 0, shamt, false)
                    : hi == 0x10 ? pack(Op.SRAI, rd, rs1, 0, shamt, false) : illegal(i, false);
            default -> illegal(i, false);
        };
    }

    private static long decodeOpImm32(int i, int rd, int f3, int rs1, int imm) {
        int shamt = imm & 0x1F, hi = (imm >>> 5) & 0x7F;
        return switch (f3) {
            case 0 -> pack(Op.ADDIW, rd, rs1, 0, imm, false);
            case 1 -> hi == 0 ? pack(Op.SLLIW, rd, rs1, 0, shamt, false) : illegal(i, false);
            case 5 -> hi == 0 ? pack(Op.SRLIW, rd, rs1, 0, shamt, false)
                    : hi == 0x20 ? pack(Op.SRAIW, rd, rs1, 0, shamt, false) : illegal(i, false);
            default -> illegal(i, false);
        };
    }

    private static long decodeOp(int i, int rd, int f3, int rs1, int rs2, int f7) {
        int op;
        if (f7 == 0) {
            op = switch (f3) {
                case 0 -> Op.ADD; case 1 -> Op.SLL; case 2 -> Op.SLT; case 3 -> Op.SLTU;
                case 4 -> Op.XOR; case 5 -> Op.SRL; case 6 -> Op.OR; default -> Op.AND;
            };
        } else if (f7 == 0x20 && (f3 == 0 || f3 == 5)) {
            op = f3 == 0 ? Op.SUB : Op.SRA;
        } else if (f7 == 1) {
            op = switch (f3) {
                case 0 -> Op.MUL; case 1 -> Op.MULH; case 2 -> Op.MULHSU; case 3 -> Op.MULHU;
                case 4 -> Op.DIV; case 5 -> Op.DIVU; case 6 -> Op.REM; default -> Op.REMU;
            };
        } else {
            return illegal(i, false);
        }
        return pack(op, rd, rs1, rs2, 0, false);
    }

    private static long decodeOp32(int i, int rd, int f3, int rs1, int rs2, int f7) {
        int op = Op.ILLEGAL;
        if (f7 == 0) {
            op = switch (f3) { case 0 -> Op.ADDW; case 1 -> Op.SLLW; case 5 -> Op.SRLW; default -> Op.ILLEGAL; };
        } else if (f7 == 0x20) {
            op = switch (f3) { case 0 -> Op.SUBW; case 5 -> Op.SRAW; default -> Op.ILLEGAL; };
        } else if (f7 == 1) {
            op = switch (f3) {
                case 0 -> Op.MULW; case 4 -> Op.DIVW; case 5 -> Op.DIVUW; case 6 -> Op.REMW; case 7 -> Op.REMUW;
                default -> Op.ILLEGAL;
            };
        }
        return op == Op.ILLEGAL ? illegal(i, false) : pack(op, rd, rs1, rs2, 0, false);
    }

    private static long decodeSystem(int i, int rd, int f3, int rs1, int rs2, int f7) {
        int csr = (i >>> 20) & 0xFFF;
        switch (f3) {
            case 0:
                if (i == 0x00000073) return pack(Op.ECALL, 0, 0, 0, 0, false);
                if (i == 0x00100073) return pack(Op.EBREAK, 0, 0, 0, 0, false);
                if (i == 0x10200073) return pack(Op.SRET, 0, 0, 0, i, false);
                if (i == 0x30200073) return pack(Op.MRET, 0, 0, 0, i, false);
                if (i == 0x10500073) return pack(Op.WFI, 0, 0, 0, i, false);
                if (f7 == 0x09 && rd == 0) return pack(Op.SFENCE_VMA, 0, rs1, rs2, i, false);
                return illegal(i, false);
            case 1: return pack(Op.CSRRW, rd, rs1, 0, csr, false);
            case 2: return pack(Op.CSRRS, rd, rs1, 0, csr, false);
            case 3: return pack(Op.CSRRC, rd, rs1, 0, csr, false);
            case 5: return pack(Op.CSRRWI, rd, rs1, 0, csr, false);
            case 6: return pack(Op.CSRRSI, rd, rs1, 0, csr, false);
            case 7: return pack(Op.CSRRCI, rd, rs1, 0, csr, false);
            default: return illegal(i, false);
        }
    }

    private static long decodeAtomic(int i, int rd, int f3, int rs1, int rs2) {
        int f5 = i >>> 27;
        if (f3 != 2 && f3 != 3) {
            return illegal(i, false);
        }
        boolean dbl = f3 == 3;
        if (f5 == 0b00010) {
            return rs2 == 0 ? pack(dbl ? Op.LR_D : Op.LR_W, rd, rs1, 0, 0, false) : illegal(i, false);
        }
        if (f5 == 0b00011) {
            return pack(dbl ? Op.SC_D : Op.SC_W, rd, rs1, rs2, 0, false);
        }
        if (!Atomics.isAmo(f5)) {
            return illegal(i, false);
        }
        return Decoded.withAux(pack(dbl ? Op.AMO_D : Op.AMO_W, rd, rs1, rs2, 0, false), f5);
    }

    // ---- compressed (RVC) ----

    private static int bits(int v, int hi, int lo) {
        return (v >>> lo) & ((1 << (hi - lo + 1)) - 1);
    }

    private static int signExtend(int v, int bits) {
        return (v << (32 - bits)) >> (32 - bits);
    }

    static long decode16(int c) {
        if (c == 0) {
            return illegal(c, true);
        }
        int quadrant = c & 3, f3 = c >>> 13;
        int rdP = bits(c, 4, 2) + 8, rs1P = bits(c, 9, 7) + 8;
        int rd = bits(c, 11, 7), rs2 = bits(c, 6, 2);
        switch (quadrant) {
            case 0: {
                int uimmD = (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);
                int uimmW = (bits(c, 12, 10) << 3) | (bits(c, 6, 6) << 2) | (bits(c, 5, 5) << 6);
                switch (f3) {
                    case 0: {
                        int imm = (bits(c, 12, 11) << 4) | (bits(c, 10, 7) << 6) | (bits(c, 6, 6) << 2) | (bits(c, 5, 5) << 3);
                        return imm == 0 ? illegal(c, true) : pack(Op.ADDI, rdP, 2, 0, imm, true);
                    }
                    case 1: return pack(Op.FLD, rdP, rs1P, 0, uimmD, true);
                    case 2: return pack(Op.LW, rdP, rs1P, 0, uimmW, true);
                    case 3: return pack(Op.LD, rdP, rs1P, 0, uimmD, true);
                    case 5: return pack(Op.FSD, 0, rs1P, rdP, uimmD, true);
                    case 6: return pack(Op.SW, 0, rs1P, rdP, uimmW, true);
                    case 7: return pack(Op.SD, 0, rs1P, rdP, uimmD, true);
                    default: return illegal(c, true);
                }
            }
            case 1: {
                int imm6 = signExtend((bits(c, 12, 12) << 5) | bits(c, 6, 2), 6);
                switch (f3) {
                    case 0: return pack(Op.ADDI, rd, rd, 0, imm6, true);
                    case 1: return rd == 0 ? illegal(c, true) : pack(Op.ADDIW, rd, rd, 0, imm6, true);
                    case 2: return pack(Op.ADDI, rd, 0, 0, imm6, true);
                    case 3: {
                        if (rd == 2) {
                            int imm = signExtend((bits(c, 12, 12) << 9) | (bits(c, 6, 6) << 4) | (bits(c, 5, 5) << 6)
                                    | (bits(c, 4, 3) << 7) | (bits(c, 2, 2) << 5), 10);
                            return imm == 0 ? illegal(c, true) : pack(Op.ADDI, 2, 2, 0, imm, true);
                        }
                        return imm6 == 0 ? illegal(c, true) : pack(Op.LUI, rd, 0, 0, imm6 << 12, true);
                    }
                    case 4: return decodeCompressedAlu(c, rs1P, rdP, imm6);
                    case 5: return pack(Op.JAL, 0, 0, 0, compressedJumpOffset(c), true);
                    case 6, 7: {
                        int imm = signExtend((bits(c, 12, 12) << 8) | (bits(c, 11, 10) << 3) | (bits(c, 6, 5) << 6)
                                | (bits(c, 4, 3) << 1) | (bits(c, 2, 2) << 5), 9);
                        return pack(f3 == 6 ? Op.BEQ : Op.BNE, 0, rs1P, 0, imm, true);
                    }
                    default: return illegal(c, true);
                }
            }
            case 2: {
                switch (f3) {
                    case 0: return pack(Op.SLLI, rd, rd, 0, (bits(c, 12, 12) << 5) | rs2, true);
                    case 1: return pack(Op.FLD, rd, 2, 0, (bits(c, 12, 12) << 5) | (bits(c, 6, 5) << 3) | (bits(c, 4, 2) << 6), true);
                    case 2: return rd == 0 ? illegal(c, true)
                            : pack(Op.LW, rd, 2, 0, (bits(c, 12, 12) << 5) | (bits(c, 6, 4) << 2) | (bits(c, 3, 2) << 6), true);
                    case 3: return rd == 0 ? illegal(c, true)
                            : pack(Op.LD, rd, 2, 0, (bits(c, 12, 12) << 5) | (bits(c, 6, 5) << 3) | (bits(c, 4, 2) << 6), true);
                    case 4: {
                        boolean bit12 = bits(c, 12, 12) != 0;
                        if (!bit12) {
                            if (rs2 == 0) {
                                return rd == 0 ? illegal(c, true) : pack(Op.JALR, 0, rd, 0, 0, true);
                            }
                            return pack(Op.ADD, rd, 0, rs2, 0, true);
                        }
                        if (rs2 == 0) {
                            return rd == 0 ? pack(Op.EBREAK, 0, 0, 0, 0, true) : pack(Op.JALR, 1, rd, 0, 0, true);
                        }
                        return pack(Op.ADD, rd, rd, rs2, 0, true);
                    }
                    case 5: return pack(Op.FSD, 0, 2, rs2, (bits(c, 12, 10) << 3) | (bits(c, 9, 7) << 6), true);
                    case 6: return pack(Op.SW, 0, 2, rs2, (bits(c, 12, 9) << 2) | (bits(c, 8, 7) << 6), true);
                    default: return pack(Op.SD, 0, 2, rs2, (bits(c, 12, 10) << 3) | (bits(c, 9, 7) << 6), true);
                }
            }
            default:
                return illegal(c, true);
        }
    }

    private static long decodeCompressedAlu(int c, int rs1P, int rs2P, int imm6) {
        int kind = bits(c, 11, 10);
        int shamt = (bits(c, 12, 12) << 5) | bits(c, 6, 2);
        switch (kind) {
            case 0: return pack(Op.SRLI, rs1P, rs1P, 0, shamt, true);
            case 1: return pack(Op.SRAI, rs1P, rs1P, 0, shamt, true);
            case 2: return pack(Op.ANDI, rs1P, rs1P, 0, imm6, true);
            default: {
                int sub = bits(c, 6, 5);
                if (bits(c, 12, 12) == 0) {
                    int op = switch (sub) { case 0 -> Op.SUB; case 1 -> Op.XOR; case 2 -> Op.OR; default -> Op.AND; };
                    return pack(op, rs1P, rs1P, rs2P, 0, true);
                }
                if (sub == 0) return pack(Op.SUBW, rs1P, rs1P, rs2P, 0, true);
                if (sub == 1) return pack(Op.ADDW, rs1P, rs1P, rs2P, 0, true);
                return illegal(c, true);
            }
        }
    }

    private static int compressedJumpOffset(int c) {
        int imm = (bits(c, 12, 12) << 11) | (bits(c, 11, 11) << 4) | (bits(c, 10, 9) << 8) | (bits(c, 8, 8) << 10)
                | (bits(c, 7, 7) << 6) | (bits(c, 6, 6) << 7) | (bits(c, 5, 3) << 1) | (bits(c, 2, 2) << 5);
        return signExtend(imm, 12);
    }
}
