/**
 * Ethernet frames and the packets inside them, parsed from the caller's bytes into small records or rejected
 * with a {@link io.vireo.engine.network.frame.FrameException} naming why, and written into the caller's
 * array by builders that return the length written. Every length a frame claims is checked against the
 * bytes received before it is used.
 */
package io.vireo.engine.network.frame;
