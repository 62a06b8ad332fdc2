package io.vireo.console.console;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

@RestController
@RequestMapping("/api/v1/vms/{id}")
class ConsoleApiController {

    private final ConsoleTickets tickets;
    private final ConsoleSessions sessions;
    private final SerialConsole serial;

    ConsoleApiController(ConsoleTickets tickets, ConsoleSessions sessions, SerialConsole serial) {
        this.tickets = tickets;
        this.sessions = sessions;
        this.serial = serial;
    }

    @PostMapping("/console/tickets")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "A single-use ticket for the VM's console WebSocket, valid 30 seconds",
            description = "Open ws(s)://host{path}?ticket={ticket} from a page of this console, in the same"
                    + " signed-in browser session (an API token does not open the WebSocket). Viewers get a"
                    + " view-only console; it closes when the user loses the right to it.")
    TicketView issue(@PathVariable Long id) {
        return TicketView.of(tickets.issue(id));
    }

    @GetMapping("/console/sessions")
    @Operation(summary = "Who is connected to the VM's console")
    List<ConsoleConnection> sessions(@PathVariable Long id) {
        return sessions.list(id);
    }

    @DeleteMapping("/console/sessions/{sessionId}")
    @Operation(summary = "End a viewer's console connection (admins)")
    ResponseEntity<Void> disconnect(@PathVariable Long id, @PathVariable String sessionId) {
        sessions.disconnect(id, sessionId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(value = "/serial", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "The last 64 KiB the VM wrote to its serial console (empty while it is off)")
    String serialTail(@PathVariable Long id) {
        return serial.tail(id);
    }

    @PostMapping("/serial/input")
    @Operation(summary = "Type text into the VM's serial console")
    ResponseEntity<Void> type(@PathVariable Long id, @Valid @RequestBody SerialInput input) {
        serial.type(id, input.text());
        return ResponseEntity.noContent().build();
    }

    record SerialInput(@NotNull String text) {
    }

    record TicketView(String ticket, String path, boolean viewOnly, java.time.Instant expiresAt) {
        static TicketView of(ConsoleTicket t) {
            return new TicketView(t.ticket(), t.path(), t.viewOnly(), t.expiresAt());
        }
    }
}
