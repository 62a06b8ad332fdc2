package io.vireo.console.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a service method that changes something: every call is written to the audit log with its
 * outcome, after the change committed or rolled back.
 *
 * <p>The target id is the returned object's id when it is an {@link AuditTarget}, else the first
 * {@code Long} argument (or the one {@link #idArgument()} picks).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Audited {

    /** What was done, as {@code noun.verb}: {@code vm.create}. */
    String action();

    /** The kind of object acted on: {@code VM}. */
    String target();

    /** Which {@code Long} argument is the target's id when the method does not return it (0 = the first). */
    int idArgument() default 0;
}
