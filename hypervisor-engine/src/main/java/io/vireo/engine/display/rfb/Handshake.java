package io.vireo.engine.display.rfb;

import io.vireo.engine.display.Framebuffer;
import io.vireo.engine.display.rfb.encoding.PixelFormat;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The opening of an RFB session (RFC 6143 §7.1–7.3): the protocol version (3.3, 3.7 or 3.8), the one
 * security type this server offers (None, or VNC authentication when there is a password), and
 * ClientInit/ServerInit with the screen's size and the initial pixel format.
 */
final class Handshake {
    private static final int SECURITY_NONE = 1, SECURITY_VNC = 2;
    private static final String SERVER_NAME = "vireo";

    private Handshake() {
    }

    /**
     * Runs the handshake and returns the screen size ServerInit announced (width, height); throws
     * {@link RfbException} for a client that is not RFB or fails authentication.
     */
    static int[] run(DataInputStream in, OutputStream out, Optional<String> password, Framebuffer screen,
                    PixelFormat format) throws IOException, RfbException {
        out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        int minor = clientMinorVersion(in);
        int security = password.isPresent() ? SECURITY_VNC : SECURITY_NONE;
        if (minor < 7) {
            out.write(ByteBuffer.allocate(4).putInt(security).array());
        } else {
            out.write(new byte[] {1, (byte) security});
            out.flush();
            if (in.readUnsignedByte() != security) {
                throw new RfbException("client chose an unoffered security type");
            }
        }
        boolean ok = security == SECURITY_NONE || vncAuthentication(in, out, password.orElseThrow());
        if (security == SECURITY_VNC || minor >= 8) {
            out.write(ByteBuffer.allocate(4).putInt(ok ? 0 : 1).array());
            if (!ok && minor >= 8) {
                byte[] reason = "authentication failed".getBytes(StandardCharsets.US_ASCII);
                out.write(ByteBuffer.allocate(4).putInt(reason.length).array());
                out.write(reason);
            }
        }
        out.flush();
        if (!ok) {
            throw new RfbException("authentication failed");
        }
        in.readUnsignedByte(); // ClientInit: shared flag; every session is shared
        byte[] name = SERVER_NAME.getBytes(StandardCharsets.UTF_8);
        ByteBuffer init = ByteBuffer.allocate(24 + name.length);
        int width, height;
        synchronized (screen.lock()) {
            width = screen.width();
            height = screen.height();
        }
        init.putShort((short) width).putShort((short) height);
        format.write(init);
        init.putInt(name.length).put(name);
        out.write(init.array());
        out.flush();
        return new int[] {width, height};
    }

    /** The minor version of the client's "RFB 003.xxx\n"; anything else is not an RFB client (nor a crash). */
    private static int clientMinorVersion(DataInputStream in) throws IOException, RfbException {
        byte[] version = new byte[12];
        in.readFully(version);
        String v = new String(version, StandardCharsets.US_ASCII);
        String minor = v.substring(8, 11);
        if (!v.startsWith("RFB 003.") || !minor.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new RfbException("not an RFB client");
        }
        return Integer.parseInt(minor);
    }

    /** VNC authentication: the client DES-encrypts our challenge with the password (bits reversed per byte). */
    private static boolean vncAuthentication(DataInputStream in, OutputStream out, String password) throws IOException {
        byte[] challenge = new byte[16];
        new SecureRandom().nextBytes(challenge);
        out.write(challenge);
        out.flush();
        byte[] response = new byte[16];
        in.readFully(response);
        try {
            byte[] key = new byte[8];
            byte[] pw = password.getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < 8 && i < pw.length; i++) {
                key[i] = (byte) (Integer.reverse(pw[i] & 0xFF) >>> 24);
            }
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            return MessageDigest.isEqual(des.doFinal(challenge), response);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
