package io.vireo.console.web;

import org.springframework.data.domain.Page;
import org.springframework.ui.Model;

/**
 * The list pages' model and view: a page of rows, and the search box's text kept as typed. When htmx asks
 * (the search box and the pager send {@code HX-Request}), only the template's {@code results} fragment is
 * answered, so the table is redrawn without the rest of the page.
 */
public final class ListPage {

    private ListPage() {
    }

    /** Puts {@code rows} and the search text {@code q} in the model; answers the view to render. */
    public static String render(Model model, String template, Page<?> rows, String q, String htmx) {
        model.addAttribute("page", rows);
        model.addAttribute("q", q == null ? "" : q);
        return view(template, htmx);
    }

    /** The whole {@code template}, or its {@code results} fragment for an htmx request. */
    public static String view(String template, String htmx) {
        return htmx != null ? template + " :: results" : template;
    }
}
