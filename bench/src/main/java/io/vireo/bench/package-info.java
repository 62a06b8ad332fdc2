/**
 * Benchmark commands, run by the scripts in {@code bench/}: Vireo beside QEMU on the same machine (boot
 * time, guest disk I/O, storage operations, VNC bytes and times). They are not part of the engine jar;
 * the VNC benchmark uses the RFB client of the engine's tests.
 */
package io.vireo.bench;
