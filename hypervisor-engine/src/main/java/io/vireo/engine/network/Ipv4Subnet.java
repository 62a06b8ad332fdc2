package io.vireo.engine.network;

/** An IPv4 subnet in CIDR form: its network address (host bits zero) and prefix length. */
public record Ipv4Subnet(Ipv4Address network, int prefixLength) {
    public Ipv4Subnet {
        if (prefixLength < 8 || prefixLength > 30) {
            throw new IllegalArgumentException("a subnet's prefix must be /8 to /30, was /" + prefixLength);
        }
        if ((network.bits() & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException(network + "/" + prefixLength + " has host bits set");
        }
    }

    /** Parses {@code 10.0.2.0/24}. */
    public static Ipv4Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0 || !cidr.substring(slash + 1).trim().chars().allMatch(Character::isDigit)
                || cidr.substring(slash + 1).isBlank() || cidr.length() - slash > 4) {
            throw new IllegalArgumentException("not a subnet in CIDR form: " + cidr);
        }
        return new Ipv4Subnet(Ipv4Address.parse(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1).trim()));
    }

    public int mask() {
        return mask(prefixLength);
    }

    private static int mask(int prefixLength) {
        return (int) (0xFFFF_FFFFL << (32 - prefixLength));
    }

    public boolean contains(Ipv4Address address) {
        return (address.bits() & mask()) == network.bits();
    }

    /** The {@code n}-th address of the subnet (1 is the first host). */
    public Ipv4Address host(int n) {
        if (n < 1 || n >= size() - 1) {
            throw new IllegalArgumentException(this + " has no host " + n);
        }
        return network.plus(n);
    }

    public Ipv4Address broadcast() {
        return new Ipv4Address(network.bits() | ~mask());
    }

    /** How many addresses the subnet spans, network and broadcast included. */
    public long size() {
        return 1L << (32 - prefixLength);
    }

    /** Whether the address is one a host may hold: inside, neither the network nor the broadcast address. */
    public boolean isHost(Ipv4Address address) {
        return contains(address) && !address.equals(network) && !address.equals(broadcast());
    }

    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
