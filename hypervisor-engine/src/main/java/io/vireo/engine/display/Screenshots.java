package io.vireo.engine.display;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** PNG pictures of a guest screen. */
public final class Screenshots {
    private Screenshots() {
    }

    public static byte[] png(Framebuffer screen) {
        BufferedImage image;
        synchronized (screen.lock()) {
            int w = screen.width(), h = screen.height();
            int[] pixels = new int[w * h];
            screen.copy(0, 0, w, h, pixels);
            image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            image.setRGB(0, 0, w, h, pixels, 0, w);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
