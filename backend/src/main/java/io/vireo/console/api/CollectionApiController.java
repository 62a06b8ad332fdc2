package io.vireo.console.api;

import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The endpoints every named collection of the API answers alike, below the subclass's {@code @RequestMapping}:
 * a page of its items filtered by name ({@code ?q=}, sorted by name unless the request says otherwise), one
 * item by id, and deleting one. The feature's service decides who may; the subclass adds what is its own
 * (creating, grants, members). The OpenAPI document lists these under the subclass with its view types.
 *
 * @param <V> what the API shows of one item
 */
public abstract class CollectionApiController<V> {

    private final BiFunction<String, Pageable, Page<V>> list;
    private final Function<Long, V> one;
    private final Consumer<Long> delete;

    /**
     * @param list   the page of items whose name contains the filter (blank: all), as views
     * @param one    one item as a view; a missing or hidden one throws the service's not-found
     * @param delete deletes one item, or throws why not
     */
    protected CollectionApiController(BiFunction<String, Pageable, Page<V>> list, Function<Long, V> one,
            Consumer<Long> delete) {
        this.list = list;
        this.one = one;
        this.delete = delete;
    }

    @GetMapping
    public PageResponse<V> list(@RequestParam(required = false) String q,
            @PageableDefault(size = 20, sort = "name") Pageable pageable) {
        return PageResponse.of(list.apply(q, pageable));
    }

    @GetMapping("/{id}")
    public V get(@PathVariable Long id) {
        return one.apply(id);
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable Long id) {
        delete.accept(id);
        return ResponseEntity.noContent().build();
    }
}
