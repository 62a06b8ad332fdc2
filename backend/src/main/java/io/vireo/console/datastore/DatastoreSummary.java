package io.vireo.console.datastore;

/** A datastore's name, for a form's choice of one. */
public record DatastoreSummary(Long id, String name) {
}
