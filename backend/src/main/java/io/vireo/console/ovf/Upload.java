package io.vireo.console.ovf;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.springframework.web.multipart.MultipartFile;

/** An uploaded file of a package, as the browser or script named it. */
record Upload(MultipartFile file) implements PackageStaging.Part {

    /** The files sent, without the empty part a form sends when no file was chosen. */
    static List<Upload> chosen(List<MultipartFile> files) {
        return files == null ? List.of() : files.stream().map(Upload::new)
                .filter(u -> !u.name().isEmpty() || u.size() > 0).toList();
    }

    @Override
    public String name() {
        String name = file.getOriginalFilename();
        return name == null ? "" : name;
    }

    @Override
    public long size() {
        return file.getSize();
    }

    @Override
    public InputStream open() throws IOException {
        return file.getInputStream();
    }
}
