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
 * A network card a VM recorded before the console stopped making them (the engine has no network device to
 * back one); shown as not connected.
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

    protected VmNic() {
    }

    public int getPosition() { return position; }
    public Network getNetwork() { return network; }
    public String getMac() { return mac; }
    public NicModel getModel() { return model; }
}
