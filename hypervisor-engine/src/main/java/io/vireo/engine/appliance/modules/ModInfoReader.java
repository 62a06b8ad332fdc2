package io.vireo.engine.appliance.modules;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads {@code name=} and {@code depends=} from the {@code .modinfo} section of a 64-bit
 * little-endian ELF relocatable (a riscv64 or x86-64 {@code .ko}). Every offset and size in the file is
 * checked against its length, so a damaged module gives a clear error.
 */
public final class ModInfoReader {
    private static final int ELF_HEADER_SIZE = 64;
    private static final int SECTION_HEADER_SIZE = 64;

    private ModInfoReader() {
    }

    /**
     * @param fallbackName the name to use when the module carries no {@code name=} (older kernels)
     * @throws IllegalArgumentException when the bytes are not such an ELF file or have no {@code .modinfo}
     */
    public static ModInfo read(byte[] elf, String fallbackName) {
        ByteBuffer file = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        require(elf.length >= ELF_HEADER_SIZE, "shorter than an ELF header");
        require(elf[0] == 0x7f && elf[1] == 'E' && elf[2] == 'L' && elf[3] == 'F', "no ELF magic");
        require(elf[4] == 2, "not a 64-bit ELF file");
        require(elf[5] == 1, "not a little-endian ELF file");
        long sectionTable = file.getLong(0x28);
        int entrySize = Short.toUnsignedInt(file.getShort(0x3a));
        int count = Short.toUnsignedInt(file.getShort(0x3c));
        int namesIndex = Short.toUnsignedInt(file.getShort(0x3e));
        require(entrySize == SECTION_HEADER_SIZE, "unexpected section header size " + entrySize);
        require(namesIndex < count, "section name table index out of range");
        require(sectionTable >= 0 && sectionTable + (long) count * entrySize <= elf.length, "section headers outside the file");

        Section names = section(file, sectionTable, namesIndex, elf.length);
        for (int i = 0; i < count; i++) {
            Section candidate = section(file, sectionTable, i, elf.length);
            if (".modinfo".equals(nameAt(elf, names, candidate.nameOffset()))) {
                return parse(Arrays.copyOfRange(elf, (int) candidate.offset(), (int) (candidate.offset() + candidate.size())),
                        fallbackName);
            }
        }
        throw new IllegalArgumentException("no .modinfo section");
    }

    private record Section(long nameOffset, long offset, long size) {
    }

    private static Section section(ByteBuffer file, long table, int index, int fileLength) {
        int at = (int) (table + (long) index * SECTION_HEADER_SIZE);
        long nameOffset = Integer.toUnsignedLong(file.getInt(at));
        int type = file.getInt(at + 4);
        long offset = file.getLong(at + 0x18);
        long size = file.getLong(at + 0x20);
        boolean noBits = type == 8;
        if (noBits) {
            return new Section(nameOffset, 0, 0);
        }
        require(offset >= 0 && size >= 0 && offset + size <= fileLength, "section " + index + " outside the file");
        return new Section(nameOffset, offset, size);
    }

    private static String nameAt(byte[] elf, Section names, long offset) {
        require(offset < names.size(), "section name outside the name table");
        int start = (int) (names.offset() + offset);
        int end = start;
        int limit = (int) (names.offset() + names.size());
        while (end < limit && elf[end] != 0) {
            end++;
        }
        return new String(elf, start, end - start, StandardCharsets.US_ASCII);
    }

    private static ModInfo parse(byte[] modinfo, String fallbackName) {
        String name = fallbackName;
        List<String> depends = List.of();
        for (String field : new String(modinfo, StandardCharsets.UTF_8).split("\0")) {
            if (field.startsWith("name=")) {
                name = field.substring("name=".length());
            } else if (field.startsWith("depends=")) {
                String value = field.substring("depends=".length());
                depends = value.isEmpty() ? List.of() : List.of(value.split(","));
            }
        }
        List<String> normalized = new ArrayList<>();
        for (String dependency : depends) {
            normalized.add(ModuleNames.normalize(dependency));
        }
        return new ModInfo(ModuleNames.normalize(name), normalized);
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException("not a readable kernel module: " + problem);
        }
    }
}
