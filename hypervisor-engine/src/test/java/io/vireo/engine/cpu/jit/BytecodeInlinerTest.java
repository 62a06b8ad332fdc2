package io.vireo.engine.cpu.jit;

import io.vireo.engine.cpu.Alu;
import org.junit.jupiter.api.Test;

import java.lang.classfile.ClassFile;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Random;

import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_long;
import static org.assertj.core.api.Assertions.assertThat;

class BytecodeInlinerTest {
    private static final BytecodeInliner ALU = BytecodeInliner.of(Alu.class);
    private static final long[] EDGES = {0, 1, -1, 2, 31, 32, 63, 64, Long.MIN_VALUE, Long.MAX_VALUE,
        Integer.MIN_VALUE, Integer.MAX_VALUE, 0xFFFFFFFFL, 0x80000000L};

    /**
     * {@code static long m(long a, long b)}, or {@code boolean} for a condition, whose body is the pasted
     * method; a condition {@code asJump} is pasted as the jump taken when it is false.
     */
    private static MethodHandle pasted(String name, boolean condition, boolean asJump) throws Exception {
        ClassDesc owner = ClassDesc.of(BytecodeInlinerTest.class.getPackageName() + ".Pasted");
        byte[] bytes = ClassFile.of().build(owner, cb -> cb.withMethodBody("m",
                MethodTypeDesc.of(condition ? CD_boolean : CD_long, CD_long, CD_long),
                ClassFile.ACC_STATIC | ClassFile.ACC_PUBLIC, code -> {
                    code.lload(0).lload(2);
                    if (asJump) {
                        Label whenFalse = code.newLabel();
                        ALU.inlineCondition(code, name, 4, whenFalse);
                        code.iconst_1().ireturn().labelBinding(whenFalse);
                        code.iconst_0().ireturn();
                    } else {
                        ALU.inline(code, name, 4);
                        code.return_(condition ? TypeKind.BOOLEAN : TypeKind.LONG);
                    }
                }));
        MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
        return lookup.findStatic(lookup.lookupClass(), "m",
                MethodType.methodType(condition ? boolean.class : long.class, long.class, long.class));
    }

    @Test
    void everyPastedAluMethodComputesWhatTheMethodReturns() throws Throwable {
        Random random = new Random(20261206);
        for (Method method : Alu.class.getDeclaredMethods()) {
            if (!Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            MethodHandle original = MethodHandles.lookup().unreflect(method);
            boolean condition = method.getReturnType() == boolean.class;
            MethodHandle inlined = pasted(method.getName(), condition, false);
            MethodHandle branching = condition ? pasted(method.getName(), true, true) : null;
            for (int i = 0; i < 400; i++) {
                long a = i < EDGES.length * EDGES.length ? EDGES[i % EDGES.length] : random.nextLong();
                long b = i < EDGES.length * EDGES.length ? EDGES[i / EDGES.length] : random.nextLong();
                Object expected = original.invoke(a, b);
                if (condition) {
                    assertThat((boolean) inlined.invoke(a, b)).as("%s(%d, %d)", method.getName(), a, b).isEqualTo(expected);
                    assertThat((boolean) branching.invoke(a, b)).as("%s(%d, %d) as a jump", method.getName(), a, b)
                            .isEqualTo(expected);
                } else {
                    assertThat((long) inlined.invoke(a, b)).as("%s(%d, %d)", method.getName(), a, b).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void argumentsAlreadyOnTheStackAreNotCopiedIntoLocals() {
        assertThat(ALU.inlinedLength("add", 13)).as("just ladd").isEqualTo(1);
        assertThat(ALU.inlinedLength("mul", 13)).as("just lmul").isEqualTo(1);
        assertThat(ALU.inlinedLength("sllw", 13)).as("(int) a needs a's copy: stored, then loaded")
                .isGreaterThan(ALU.inlinedLength("sll", 13) + 4);
    }
}
