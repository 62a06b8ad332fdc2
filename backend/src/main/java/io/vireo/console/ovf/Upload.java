package io.vireo.console.ovf;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.web.multipart.MultipartFile;

/** An uploaded file of a package, as the browser or script named it. */
record Upload(MultipartFile file) implements PackageStaging.Part {

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
