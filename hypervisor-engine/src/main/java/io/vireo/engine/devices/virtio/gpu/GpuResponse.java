package io.vireo.engine.devices.virtio.gpu;

/** The response types a control command gets back (virtio 1.x §5.7.6.7), with their numbers. */
enum GpuResponse {
    OK_NODATA(0x1100), OK_DISPLAY_INFO(0x1101), OK_EDID(0x1104),
    ERR_UNSPEC(0x1200), ERR_OUT_OF_MEMORY(0x1201), ERR_INVALID_SCANOUT(0x1202), ERR_INVALID_RESOURCE(0x1203),
    ERR_INVALID_PARAMETER(0x1205);

    final int code;

    GpuResponse(int code) {
        this.code = code;
    }
}
