package io.vireo.engine.cpu.jit;

import io.vireo.engine.cpu.ExecutionSplit;
import io.vireo.engine.cpu.HartState;
import io.vireo.engine.cpu.TrapCause;
import io.vireo.engine.testing.Asm;
import io.vireo.engine.testing.TestMachine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ObjIntConsumer;

import static io.vireo.engine.testing.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interpreter as the oracle of translated regions: the same program on a hart that only interprets and
 * on harts that translate must reach the same architectural state (registers, float state, CSRs, pc,
 * instructions retired, traps taken, memory) after every step count. One translating hart translates
 * wherever it first lands (small regions, many exits); the other waits until code ran a few times, so its
 * regions take in the loops and return points that ran and jump inside themselves.
 */
final class AgainstInterpreter {
    static final long DATA = TestMachine.RAM + 0x4000;
    static final long HANDLER = TestMachine.RAM + 0x3000;
    private static final int LOOPING_THRESHOLD = 4;
    private static final int STVEC = 0x105, SEPC = 0x141, SCAUSE = 0x142, STVAL = 0x143;
    private static final int S2 = 18;

    private AgainstInterpreter() {
    }

    /** Architectural state a test compares. */
    record State(List<Long> registers, List<Long> floats, int fcsr, List<Long> csrs, long pc, long retired,
                 List<Long> traps, List<Long> data) {
        static State of(TestMachine m) {
            List<Long> traps = new ArrayList<>();
            for (TrapCause c : TrapCause.values()) {
                traps.add(m.hart.trapCount(c));
            }
            List<Long> data = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                data.add(m.memory.readLong(DATA + 8L * i));
            }
            HartState hart = m.hart.state();
            return new State(list(hart.x()), list(hart.f()), hart.fflags() | hart.frm() << 5, list(hart.csrs()),
                    m.hart.pc(), m.hart.instructionsRetired(), traps, data);
        }

        private static List<Long> list(long[] values) {
            List<Long> list = new ArrayList<>();
            for (long v : values) {
                list.add(v);
            }
            return list;
        }
    }

    /** Runs {@code program} in both machines in the given step counts, comparing after each. */
    static State assertSameAsInterpreter(Asm program, int... steps) {
        return assertSameAsInterpreter(program, (m, round) -> { }, steps);
    }

    /**
     * As above, doing {@code between} to each machine (an interrupt, another writer) after each step count,
     * with the count's index.
     */
    static State assertSameAsInterpreter(Asm program, ObjIntConsumer<TestMachine> between, int... steps) {
        try (TestMachine interpreted = new TestMachine(); TestMachine eager = TestMachine.translating();
             TestMachine looping = TestMachine.translating(LOOPING_THRESHOLD)) {
            interpreted.load(program);
            eager.load(program);
            looping.load(program);
            for (int round = 0; round < steps.length; round++) {
                int n = steps[round];
                interpreted.step(n);
                eager.step(n);
                looping.step(n);
                State expected = State.of(interpreted);
                assertThat(State.of(eager)).as("translated at once, after %d more steps", n).isEqualTo(expected);
                assertThat(State.of(looping)).as("translated once hot, after %d more steps", n).isEqualTo(expected);
                between.accept(interpreted, round);
                between.accept(eager, round);
                between.accept(looping, round);
            }
            return State.of(looping);
        }
    }

    /** Where the instructions of {@code steps} steps of {@code program} ran on a hart that translates code once it is hot. */
    static ExecutionSplit splitAfter(Asm program, int steps) {
        try (TestMachine looping = TestMachine.translating(LOOPING_THRESHOLD)) {
            looping.load(program).step(steps);
            return looping.hart.executionSplit();
        }
    }

    /**
     * {@code p} behind a trap handler at {@link #HANDLER}, which records the trap in a0..a2, counts it in s2
     * and resumes after the (4-byte) instruction that trapped.
     */
    static Asm withHandler(Asm p) {
        Asm handler = new Asm().csrrs(A0, SCAUSE, ZERO).csrrs(A1, SEPC, ZERO).csrrs(A2, STVAL, ZERO)
                .addi(S2, S2, 1).addi(A1, A1, 4).csrrw(ZERO, SEPC, A1).sret();
        Asm program = new Asm().li(T0, HANDLER).csrrw(ZERO, STVEC, T0);
        append(program, p);
        while (program.pc() < HANDLER - TestMachine.RAM) {
            program.nop();
        }
        append(program, handler);
        return program;
    }

    private static void append(Asm to, Asm from) {
        ByteBuffer words = ByteBuffer.wrap(from.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        while (words.hasRemaining()) {
            to.word(words.getInt());
        }
    }
}
