package io.vireo.engine.cpu.jit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.ExceptionCatch;
import java.lang.classfile.instruction.IncrementInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.ReturnInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pastes the bytecode of a class's static methods where a call to them would go. Translated regions use it
 * for the interpreter's instruction semantics ({@code Alu}, {@code LoadStore}): a region then runs exactly
 * the code the interpreter's switch calls, and costs no call even while HotSpot still interprets the
 * region's own bytecode, which a boot does for thousands of regions before C1 compiles them.
 *
 * <p>A pasted body takes its arguments from the operand stack and leaves its result there. When the body
 * begins by loading each parameter once, in order, and touches no local after that (an add, a load), the
 * arguments already are where those loads would put them, and only the rest is pasted. Otherwise the
 * arguments go into scratch locals and the whole body is pasted with its locals moved there. A return
 * becomes a jump past the body.
 */
final class BytecodeInliner {
    private final Map<String, Body> bodies;

    /** A method's parameters and the instructions and label targets of its code. */
    private record Body(MethodTypeDesc type, List<CodeElement> elements, boolean argumentsInPlace) {
        static Body of(MethodTypeDesc type, CodeModel code) {
            Set<Label> targets = new HashSet<>();
            for (CodeElement e : code) {
                if (e instanceof TableSwitchInstruction || e instanceof LookupSwitchInstruction || e instanceof ExceptionCatch) {
                    throw new IllegalArgumentException("cannot inline " + e);
                }
                if (e instanceof BranchInstruction b) {
                    targets.add(b.target());
                }
            }
            // Only the labels jumps go to: debug information binds others (where a local's scope starts, ends).
            List<CodeElement> elements = new ArrayList<>();
            for (CodeElement e : code) {
                if (e instanceof Instruction || e instanceof LabelTarget t && targets.contains(t.label())) {
                    elements.add(e);
                }
            }
            return new Body(type, List.copyOf(elements), argumentsInPlace(type, elements));
        }

        /** Whether the body loads its parameters in order before anything else and no local afterwards. */
        private static boolean argumentsInPlace(MethodTypeDesc type, List<CodeElement> elements) {
            int count = type.parameterCount(), slot = 0;
            if (elements.size() < count) {
                return false;
            }
            for (int p = 0; p < count; p++) {
                if (!(elements.get(p) instanceof LoadInstruction load) || load.slot() != slot) {
                    return false;
                }
                slot += TypeKind.from(type.parameterType(p)).slotSize();
            }
            return elements.subList(count, elements.size()).stream().noneMatch(e -> e instanceof LoadInstruction
                    || e instanceof StoreInstruction || e instanceof IncrementInstruction);
        }

        int parameterSlots() {
            int slots = 0;
            for (ClassDesc p : type.parameterList()) {
                slots += TypeKind.from(p).slotSize();
            }
            return slots;
        }
    }

    private BytecodeInliner(Map<String, Body> bodies) {
        this.bodies = bodies;
    }

    /** The static methods of {@code owner}, read from its class file; their names must be unique. */
    static BytecodeInliner of(Class<?> owner) {
        byte[] bytes;
        try (InputStream in = owner.getResourceAsStream(owner.getSimpleName() + ".class")) {
            if (in == null) {
                throw new IllegalStateException("no class file for " + owner);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Body> bodies = new HashMap<>();
        for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
            if ((m.flags().flagsMask() & ClassFile.ACC_STATIC) != 0 && m.code().isPresent()) {
                Body previous = bodies.put(m.methodName().stringValue(), Body.of(m.methodTypeSymbol(), m.code().get()));
                if (previous != null) {
                    throw new IllegalArgumentException("overloaded: " + m.methodName().stringValue());
                }
            }
        }
        return new BytecodeInliner(Map.copyOf(bodies));
    }

    /**
     * Pastes method {@code name}, its arguments on the operand stack; it may use locals from
     * {@code scratch} on (as many as the method has).
     */
    void inline(CodeBuilder code, String name, int scratch) {
        Body body = body(name);
        paste(code, body, enter(code, body, scratch), body.elements().size(), scratch);
    }

    /**
     * Pastes boolean method {@code name} as a jump to {@code whenFalse} when it returns false, falling through
     * when true. A body that ends the way javac compiles {@code return a < b} (a conditional jump choosing
     * between pushing 1 and 0) becomes that conditional jump straight to {@code whenFalse}.
     */
    void inlineCondition(CodeBuilder code, String name, int scratch, Label whenFalse) {
        Body body = body(name);
        int from = enter(code, body, scratch);
        int test = choiceOfOneOrZero(body.elements());
        if (test < from) {
            paste(code, body, from, body.elements().size(), scratch);
            code.ifeq(whenFalse);
            return;
        }
        paste(code, body, from, test, scratch);
        code.branch(((BranchInstruction) body.elements().get(test)).opcode(), whenFalse);
    }

    /** The length of the bytecode {@link #inline} pastes for {@code name}, with scratch locals from {@code scratch} on. */
    int inlinedLength(String name, int scratch) {
        Body body = body(name);
        byte[] bytes = ClassFile.of(ClassFile.StackMapsOption.DROP_STACK_MAPS).build(ClassDesc.of("InlinedLength"),
                cb -> cb.withMethodBody("m", ConstantDescs.MTD_void, ClassFile.ACC_STATIC, code -> {
                    for (ClassDesc p : body.type().parameterList()) {
                        pushZero(code, TypeKind.from(p));
                    }
                    inline(code, name, scratch);
                    code.return_();
                }));
        MethodModel m = ClassFile.of().parse(bytes).methods().getFirst();
        return m.findAttribute(Attributes.code()).orElseThrow().codeLength() - body.type().parameterCount() - 1;
    }

    /** One byte of bytecode that pushes a value of {@code kind}, standing for an argument. */
    private static void pushZero(CodeBuilder code, TypeKind kind) {
        switch (kind) {
            case REFERENCE -> code.aconst_null();
            case LONG -> code.lconst_0();
            case DOUBLE -> code.dconst_0();
            case FLOAT -> code.fconst_0();
            default -> code.iconst_0();
        }
    }

    private Body body(String name) {
        Body body = bodies.get(name);
        if (body == null) {
            throw new IllegalArgumentException("no static method " + name);
        }
        return body;
    }

    /** Makes the arguments on the stack the body's parameters; returns the index of the first element to paste. */
    private static int enter(CodeBuilder code, Body body, int scratch) {
        if (body.argumentsInPlace()) {
            return body.type().parameterCount();
        }
        int slot = body.parameterSlots();
        for (int p = body.type().parameterCount() - 1; p >= 0; p--) {
            TypeKind kind = TypeKind.from(body.type().parameterType(p));
            slot -= kind.slotSize();
            code.storeLocal(kind, scratch + slot);
        }
        return 0;
    }

    private static void paste(CodeBuilder code, Body body, int from, int to, int scratch) {
        List<CodeElement> elements = body.elements();
        Map<Label, Label> labels = new HashMap<>();
        Label end = null;
        for (int i = from; i < to; i++) {
            switch (elements.get(i)) {
                case LabelTarget t -> code.labelBinding(labels.computeIfAbsent(t.label(), l -> code.newLabel()));
                case BranchInstruction b -> code.branch(b.opcode(), labels.computeIfAbsent(b.target(), l -> code.newLabel()));
                case ReturnInstruction r -> {
                    if (i < elements.size() - 1) {
                        end = end == null ? code.newLabel() : end;
                        code.goto_(end);
                    }
                }
                case LoadInstruction l -> code.loadLocal(l.typeKind(), scratch + l.slot());
                case StoreInstruction s -> code.storeLocal(s.typeKind(), scratch + s.slot());
                case IncrementInstruction inc -> code.iinc(scratch + inc.slot(), inc.constant());
                case ConstantInstruction c -> code.loadConstant(c.constantValue());
                case CodeElement e -> code.with(e);
            }
        }
        if (end != null) {
            code.labelBinding(end);
        }
    }

    /**
     * The index of the conditional jump in a body ending {@code if<cond> L1; iconst_1; goto L2; L1: iconst_0;
     * L2: ireturn}, with nothing before it that returns or jumps to those labels; -1 if it does not end that way.
     */
    private static int choiceOfOneOrZero(List<CodeElement> e) {
        int n = e.size(), test = n - 7;
        if (test < 0
                || !(e.get(test) instanceof BranchInstruction cond) || cond.opcode() == Opcode.GOTO
                || !isConstant(e.get(test + 1), 1)
                || !(e.get(test + 2) instanceof BranchInstruction jump) || jump.opcode() != Opcode.GOTO
                || !(e.get(test + 3) instanceof LabelTarget l1) || l1.label() != cond.target()
                || !isConstant(e.get(test + 4), 0)
                || !(e.get(test + 5) instanceof LabelTarget l2) || l2.label() != jump.target()
                || !(e.get(test + 6) instanceof ReturnInstruction)) {
            return -1;
        }
        for (int i = 0; i < test; i++) {
            if (e.get(i) instanceof ReturnInstruction
                    || e.get(i) instanceof BranchInstruction b && (b.target() == l1.label() || b.target() == l2.label())) {
                return -1;
            }
        }
        return test;
    }

    private static boolean isConstant(CodeElement e, int value) {
        return e instanceof ConstantInstruction c && c.constantValue() instanceof Integer i && i == value;
    }
}
