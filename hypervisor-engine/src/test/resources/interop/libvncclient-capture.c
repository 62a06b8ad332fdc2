/*
 * A libvncclient viewer (the library of Remmina's and many embedded VNC clients) for the interop matrix:
 * connects shared, asks for the given encodings, and after every whole framebuffer update writes what it
 * holds as a binary PPM (written aside, then renamed). Runs until the server goes away or it is killed.
 * Usage: libvncclient-capture HOST:PORT ENCODINGS 32|16 jpeg|nojpeg OUT.ppm
 */
#include <rfb/rfbclient.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *out;
static int bytes_per_pixel;

static void save(rfbClient *client) {
    char part[4096];
    snprintf(part, sizeof part, "%s.part", out);
    FILE *f = fopen(part, "wb");
    if (f == NULL) {
        return;
    }
    rfbPixelFormat *pf = &client->format;
    fprintf(f, "P6\n%d %d\n255\n", client->width, client->height);
    for (int i = 0; i < client->width * client->height; i++) {
        uint32_t p = bytes_per_pixel == 4 ? ((uint32_t *) client->frameBuffer)[i] : ((uint16_t *) client->frameBuffer)[i];
        unsigned char rgb[3] = {
            (unsigned char) (((p >> pf->redShift) & pf->redMax) * 255 / pf->redMax),
            (unsigned char) (((p >> pf->greenShift) & pf->greenMax) * 255 / pf->greenMax),
            (unsigned char) (((p >> pf->blueShift) & pf->blueMax) * 255 / pf->blueMax),
        };
        fwrite(rgb, 1, 3, f);
    }
    fclose(f);
    rename(part, out);
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s HOST:PORT ENCODINGS 32|16 jpeg|nojpeg OUT.ppm\n", argv[0]);
        return 2;
    }
    bytes_per_pixel = strcmp(argv[3], "16") == 0 ? 2 : 4;
    rfbClient *client = bytes_per_pixel == 2 ? rfbGetClient(5, 3, 2) : rfbGetClient(8, 3, 4);
    if (bytes_per_pixel == 2) {
        /* RGB565, as the other viewers' 16 bpp */
        client->format.redShift = 11;
        client->format.greenShift = 5;
        client->format.blueShift = 0;
        client->format.redMax = 31;
        client->format.greenMax = 63;
        client->format.blueMax = 31;
    }
    client->appData.encodingsString = argv[2];
    client->appData.enableJPEG = strcmp(argv[4], "jpeg") == 0;
    client->appData.qualityLevel = 9;
    client->appData.shareDesktop = TRUE;
    client->appData.useRemoteCursor = FALSE;
    client->FinishedFrameBufferUpdate = save;
    out = argv[5];
    int count = 2;
    char *args[] = {argv[0], argv[1], NULL};
    if (!rfbInitClient(client, &count, args)) {
        fprintf(stderr, "could not connect to %s\n", argv[1]);
        return 1;
    }
    for (;;) {
        int ready = WaitForMessage(client, 500000);
        if (ready < 0 || (ready > 0 && !HandleRFBServerMessage(client))) {
            fprintf(stderr, "the connection to %s ended\n", argv[1]);
            rfbClientCleanup(client);
            return 1;
        }
    }
}
