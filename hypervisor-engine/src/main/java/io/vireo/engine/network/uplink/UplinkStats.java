package io.vireo.engine.network.uplink;

import java.util.Optional;

/**
 * What a bridged network's uplink moved: frames handed to the host and taken from it, frames the host's kernel
 * would not take, frames over the uplink's size limit (either way), and why it stopped reading from the host if
 * it did (the device was deleted under it, say).
 */
public record UplinkStats(String device, long framesToHost, long framesFromHost, long dropped, long oversized,
                          Optional<String> failure) {
}
