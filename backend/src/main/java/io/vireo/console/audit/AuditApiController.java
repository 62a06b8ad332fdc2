package io.vireo.console.audit;

import java.time.Instant;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.vireo.console.api.PageResponse;

@RestController
@RequestMapping("/api/v1/audit")
class AuditApiController {

    private final AuditLog audit;

    AuditApiController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    PageResponse<AuditEventView> search(@RequestParam(required = false) String actor,
            @RequestParam(required = false) String action, @RequestParam(required = false) Outcome outcome,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @PageableDefault(size = 50, sort = "at", direction = Sort.Direction.DESC) Pageable pageable) {
        return PageResponse.of(audit.search(new AuditLog.AuditFilter(actor, action, outcome, from, to), pageable));
    }
}
