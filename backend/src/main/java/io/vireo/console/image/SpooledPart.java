package io.vireo.console.image;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import org.apache.commons.fileupload2.core.DiskFileItem;
import org.springframework.web.multipart.MultipartFile;

/**
 * A file part of a form {@link MultipartSpooling} read, as controllers take it: in the spool folder until the request
 * ends.
 */
record SpooledPart(DiskFileItem item) implements MultipartFile {

    @Override
    public String getName() {
        return item.getFieldName();
    }

    @Override
    public String getOriginalFilename() {
        return item.getName();
    }

    @Override
    public String getContentType() {
        return item.getContentType();
    }

    @Override
    public boolean isEmpty() {
        return item.getSize() == 0;
    }

    @Override
    public long getSize() {
        return item.getSize();
    }

    @Override
    public byte[] getBytes() throws IOException {
        return item.get();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return item.getInputStream();
    }

    @Override
    public void transferTo(File dest) throws IOException {
        item.write(dest.toPath());
    }

    @Override
    public void transferTo(Path dest) throws IOException {
        item.write(dest);
    }
}
