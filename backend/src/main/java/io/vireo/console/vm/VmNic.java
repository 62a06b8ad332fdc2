package io.vireo.console.vm;

import io.vireo.console.domain.IdentifiedEntity;
import io.vireo.console.network.Network;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A VM's network card: a virtio-net device plugged into a network's switch with its MAC, optionally on a VLAN of
 * that network, limited to a rate, and holding a fixed address from the network's DHCP server. Its link can be
 * pulled while the VM runs; that state is kept for the next power-on.
 */
@Entity
@Table(name = "vm_nics")
public class VmNic extends IdentifiedEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private Vm vm;
    private int position;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private Network network;
    private String mac;
    @Enumerated(EnumType.STRING)
    private NicModel model;
    private Integer vlan;
    private Integer rateLimitMbps;
    private String reservedAddress;
    private boolean linkUp;

    protected VmNic() {
    }

    VmNic(Vm vm, int position, NicPlug plug) {
        this.vm = vm;
        this.position = position;
        this.model = NicModel.VIRTIO;
        this.linkUp = true;
        plugInto(plug);
    }

    void plugInto(NicPlug plug) {
        this.network = plug.network();
        this.mac = plug.mac();
        this.vlan = plug.vlan();
        this.rateLimitMbps = plug.rateLimitMbps();
        this.reservedAddress = plug.reservedAddress();
    }

    void moveTo(int position) {
        this.position = position;
    }

    void linkUp(boolean up) {
        this.linkUp = up;
    }

    public Vm getVm() { return vm; }
    public int getPosition() { return position; }
    public Network getNetwork() { return network; }
    public String getMac() { return mac; }
    public NicModel getModel() { return model; }
    public Integer getVlan() { return vlan; }
    public Integer getRateLimitMbps() { return rateLimitMbps; }
    public String getReservedAddress() { return reservedAddress; }
    public boolean isLinkUp() { return linkUp; }
}
