package io.vireo.console.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.vireo.console.authentication.TokenRequest;
import io.vireo.console.security.Surface.Endpoint;

/**
 * A valid request for each body schema of the API and each page form, so the sweep's probes pass
 * validation and reach the access check. Placeholders ({@code {team}}, {@code {vm}}, …) are the victim's
 * (see {@link Victim#fill}); an operation whose body schema is missing here fails the sweep.
 */
final class Examples {
    /** A valid SSH public key line (made once with ssh-keygen; its private half was thrown away). */
    static final String SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOHrfijgXsIr7tyQO8uBkdUxzNRDeT/8G96/CyshInvj"
            + " probe@vireo";

    private static final Map<String, String> BODIES = Map.ofEntries(
            Map.entry("VmRequest", """
                    {"name":"{unique}","teamId":{team},"vcpus":1,"memoryMib":512,"bootSource":"DISK",\
                    "disks":[{"sizeGib":1}]}"""),
            Map.entry("VmUpdate", "{\"name\":\"{unique}\",\"vcpus\":1,\"memoryMib\":512}"),
            Map.entry("PowerRequest", "{\"action\":\"STOP\"}"),
            Map.entry("MemoryRequest", "{\"memoryMib\":256}"),
            Map.entry("VmCpu", "{\"shares\":2000,\"capPercent\":50}"),
            Map.entry("RegisterRequest", "{\"datastoreId\":{datastore},\"folder\":\"vm-{vm}\",\"teamId\":{team}}"),
            Map.entry("SnapshotRequest", "{\"name\":\"{unique}\"}"),
            Map.entry("TemplateRequest", """
                    {"name":"{unique}","teamId":{team},"vcpus":1,"memoryMib":512,"diskGib":1}"""),
            Map.entry("SerialInput", "{\"text\":\"reboot\\n\"}"),
            Map.entry("Resources", "{\"vcpus\":1000,\"memoryMib\":1000000,\"diskGib\":1000,\"vms\":1000}"),
            Map.entry("MemberRequest", "{\"username\":\"{member}\",\"role\":\"OWNER\"}"),
            Map.entry("TeamRequest", "{\"name\":\"{unique}\"}"),
            Map.entry("TokenRequest", "{\"name\":\"probe\"}"),
            Map.entry("UserRequest", """
                    {"username":"{unique}","displayName":"Probe","password":"a-long-enough-password",\
                    "role":"ADMIN"}"""),
            Map.entry("UserUpdate", "{\"displayName\":\"Probe\",\"role\":\"ADMIN\",\"enabled\":true}"),
            Map.entry("AccountUpdate", "{\"sshPublicKey\":\"" + Examples.SSH_KEY + "\"}"),
            Map.entry("PasswordChange", "{\"currentPassword\":\"{password}\",\"newPassword\":\"another-long-password\"}"),
            Map.entry("ImageRequest", """
                    {"name":"{unique}","kind":"KERNEL","datastoreId":{datastore},"path":"probe.Image"}"""),
            Map.entry("DatastoreRequest", "{\"name\":\"{unique}\",\"path\":\"/tmp/{unique}\"}"),
            Map.entry("MoveRequest", "{\"datastoreId\":{datastore}}"),
            Map.entry("MigrateRequest", "{\"hostId\":null}"),
            Map.entry("HostRequest", "{\"name\":\"{unique}\",\"uri\":\"qemu+tls://{unique}.invalid/system\"}"),
            Map.entry("CloneRequest", "{\"name\":\"{unique}\",\"teamId\":{team},\"mode\":\"FULL\"}"),
            Map.entry("DeployRequest", "{\"name\":\"{unique}\",\"teamId\":{team},\"mode\":\"LINKED\"}"),
            Map.entry("TemplateName", "{\"name\":\"{unique}\"}"),
            Map.entry("ImageName", "{\"name\":\"{unique}\"}"),
            Map.entry("ImageTemplateRequest", """
                    {"imageId":1,"name":"{unique}","teamId":{team},"kernelImageId":1,"vcpus":1,"memoryMib":512}"""),
            Map.entry("NetworkRequest", """
                    {"name":"{unique}","kind":"ISOLATED","cidr":"10.9.0.0/24","gateway":"10.9.0.1","dhcp":true,\
                    "dhcpFirst":"10.9.0.10","dhcpLast":"10.9.0.20","dns":false}"""),
            Map.entry("PackageDeployment", "{\"teamId\":{team},\"datastoreId\":{datastore}}"),
            Map.entry("NicRequest", "{\"networkId\":{network}}"),
            Map.entry("LinkRequest", "{\"up\":false}"),
            Map.entry("CdromRequest", "{\"eject\":true}"),
            Map.entry("ForwardRequest", "{\"protocol\":\"TCP\",\"hostPort\":18080,\"guestPort\":80}"),
            Map.entry(Surface.MULTIPART, "teamId={team}&datastoreId={datastore}"));

    private static final Map<String, String> FORMS = Map.ofEntries(
            Map.entry("POST /vms", "name={unique}&teamId={team}&vcpus=1&memoryMib=512&bootSource=DISK&disks[0].sizeGib=1"),
            Map.entry("POST /vms/new/edit", "edit=addDisk"),
            Map.entry("POST /vms/register", "datastoreId={datastore}&folder=vm-{vm}&teamId={team}"),
            Map.entry("POST /vms/{id}/move", "datastoreId={datastore}"),
            Map.entry("POST /vms/{id}/clones", "name={unique}&teamId={team}&mode=FULL"),
            Map.entry("POST /vms/{id}/template", "name={unique}"),
            Map.entry("POST /vms/{id}/image", "name={unique}"),
            Map.entry("POST /templates/{id}/vms", "name={unique}&teamId={team}&mode=LINKED"),
            Map.entry("POST /templates/{id}/image", "name={unique}"),
            Map.entry("POST /templates/from-image",
                    "imageId=1&name={unique}&teamId={team}&kernelImageId=1&vcpus=1&memoryMib=512"),
            Map.entry("POST /vms/restore", "teamId={team}&datastoreId={datastore}"),
            Map.entry("POST /vms/import", "teamId={team}&datastoreId={datastore}"),
            Map.entry("POST /images/upload", "teamId={team}&datastoreId={datastore}"),
            Map.entry("POST /appliances/{name}/deploy", "teamId={team}&datastoreId={datastore}"),
            Map.entry("POST /vms/{id}/power", "action=STOP"),
            Map.entry("POST /vms/{id}/memory", "memoryMib=256"),
            Map.entry("POST /vms/{id}/cdrom", "eject=true"),
            Map.entry("POST /vms/{id}/cpu", "shares=2000&capPercent=50"),
            Map.entry("POST /vms/{id}/update", "name={unique}&vcpus=1&memoryMib=512"),
            Map.entry("POST /vms/{id}/snapshots", "name={unique}"),
            Map.entry("POST /templates", "name={unique}&vcpus=1&memoryMib=512&diskGib=1"),
            Map.entry("POST /images", "name={unique}&kind=KERNEL&datastoreId={datastore}&path=probe.Image"),
            Map.entry("POST /datastores", "name={unique}&path=/tmp/{unique}"),
            Map.entry("POST /datastores/grants", "datastoreId={datastore}&teamId=1"),
            Map.entry("POST /account/password", "currentPassword={password}&newPassword=another-long-password"),
            Map.entry("POST /account/tokens", "name=probe"),
            Map.entry("POST /account/ssh-key", "sshPublicKey=" + URLEncoder.encode(SSH_KEY, StandardCharsets.UTF_8)),
            Map.entry("POST /networks", "name={unique}&kind=ISOLATED&cidr=10.9.0.0/24&gateway=10.9.0.1"),
            Map.entry("POST /networks/{id}", "name={unique}&kind=ISOLATED&cidr=10.9.0.0/24&gateway=10.9.0.1"),
            Map.entry("POST /vms/{id}/nics", "networkId={network}"),
            Map.entry("POST /vms/{id}/nics/{nicId}", "networkId={network}"),
            Map.entry("POST /vms/{id}/nics/{nicId}/link", "up=false"),
            Map.entry("POST /vms/{id}/nics/{nicId}/forwards", "protocol=TCP&hostPort=18080&guestPort=80"));

    private Examples() {
    }

    /** The JSON body for an API operation, or null when it takes none. */
    static String body(Endpoint endpoint) {
        return endpoint.bodySchema().map(schema -> {
            String body = BODIES.get(schema);
            if (body == null) {
                throw new AssertionError("The red-team sweep has no example of " + schema + " (for " + endpoint
                        + "): add a valid one to Examples");
            }
            return body;
        }).orElse(null);
    }

    /** The form fields of a page's POST, as {@code a=1&b=2}; empty when it takes none. */
    static String form(Endpoint endpoint) {
        return FORMS.getOrDefault(endpoint.toString(), "");
    }

    /** Whether the request names a team in its body or form: then it is about that team's objects. */
    static boolean namesATeam(Endpoint endpoint) {
        String request = endpoint.bodySchema().isPresent() ? body(endpoint) : form(endpoint);
        return request != null && request.contains("{team}");
    }
}
