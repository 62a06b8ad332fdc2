package io.vireo.console.domain;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A rule that spans several fields failed; names the field the user must correct. */
public class InvalidFieldException extends ErrorResponseException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(HttpStatus.BAD_REQUEST, problem(field, message), null);
        this.field = field;
    }

    public String field() {
        return field;
    }

    public String message() {
        return getBody().getDetail();
    }

    private static ProblemDetail problem(String field, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return problem;
    }
}
