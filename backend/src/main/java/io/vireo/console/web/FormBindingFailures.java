package io.vireo.console.web;

import java.util.List;
import java.util.Map;

import org.springframework.beans.InvalidPropertyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * A form parameter that names no field of the form's object, such as {@code disks[1000].sizeGib} on a form
 * with a few disk rows: data binding gives up with an exception rather than a field error, which is the
 * sender's mistake (a tampered or hand-made request), not the console's.
 */
@ControllerAdvice
class FormBindingFailures {

    @ExceptionHandler(InvalidPropertyException.class)
    @ResponseBody
    ProblemDetail notAField(InvalidPropertyException e) {
        String field = e.getPropertyName();
        String message = field + " is not a field of this form";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return problem;
    }
}
